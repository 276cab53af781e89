"""Texts of the Features page, in English and Korean."""

from app_ui.common.i18n import register

register({
    "feat_title": {"en": "Features: are latent codes good inputs for a classifier?",
                   "ko": "특징: 잠재 코드는 분류기에 좋은 입력일까?"},
    "feat_intro": {
        "en": "The autoencoders never saw a label. If their codes still separate the classes, a simple classifier "
              "reads the class from a handful of numbers. We split the test sample ({n} images) into a stratified "
              "{train} % / {test} % train/test split, fit a logistic regression and a 5-nearest-neighbour "
              "classifier on each kind of feature and report the test accuracy.",
        "ko": "오토인코더는 레이블을 한 번도 보지 못했습니다. 그래도 코드가 클래스를 구분한다면, 간단한 분류기가 "
              "몇 개의 숫자만으로 클래스를 알아맞힙니다. 테스트 샘플({n}장)을 클래스 비율을 유지한 채 "
              "{train} % / {test} %로 나누어 학습/평가하고, 특징마다 로지스틱 회귀와 5-최근접 이웃 분류기를 "
              "학습해 평가 정확도를 보여 줍니다.",
    },
    "feat_no_labels": {"en": "This dataset has no labels, so no classifier can be scored on it.",
                       "ko": "이 데이터셋에는 레이블이 없어 분류기를 평가할 수 없습니다."},
    "feat_models": {"en": "Models to compare", "ko": "비교할 모델"},
    "feat_progress": {"en": "Fitting classifiers: {what}", "ko": "분류기 학습 중: {what}"},
    "feat_pixels": {"en": "raw pixels ({d})", "ko": "원본 픽셀 ({d})"},
    "feat_pca": {"en": "PCA-{d} of pixels", "ko": "픽셀 PCA-{d}"},
    "feat_chart_caption": {
        "en": "Grey: baselines (all pixels; PCA of the pixels with as many numbers as a latent code). Blue: "
              "latent codes (posterior means for VAEs). A code beating PCA of the same size has learned more "
              "than a linear projection. Logistic regression tests whether classes are linearly separable; "
              "k-NN tests whether neighbours share a class.",
        "ko": "회색: 기준선 (전체 픽셀, 잠재 코드와 같은 개수의 숫자를 쓰는 픽셀 PCA). 파랑: 잠재 코드 "
              "(VAE는 사후분포의 평균). 같은 크기의 PCA보다 나은 코드는 선형 투영 이상을 학습한 것입니다. "
              "로지스틱 회귀는 클래스가 선형으로 분리되는지, k-NN은 이웃끼리 같은 클래스인지를 봅니다.",
    },
    "feat_accuracy": {"en": "test accuracy", "ko": "평가 정확도"},
    "feat_failed": {"en": "These features could not be scored: {err}", "ko": "이 특징은 평가할 수 없습니다: {err}"},
    "feat_export": {"en": "Export latent codes", "ko": "잠재 코드 내보내기"},
    "feat_export_model": {"en": "Model", "ko": "모델"},
    "feat_export_source": {"en": "Images", "ko": "이미지"},
    "feat_export_sample": {"en": "the test sample", "ko": "테스트 샘플"},
    "feat_export_upload": {"en": "my own files", "ko": "내 파일"},
    "feat_upload": {"en": "Images (PNG/JPG) or an .npz with an `images` array",
                    "ko": "이미지(PNG/JPG) 또는 `images` 배열이 든 .npz"},
    "feat_upload_wait": {"en": "Upload images to encode them with this model.",
                         "ko": "이미지를 올리면 이 모델로 인코딩합니다."},
    "feat_export_shape": {"en": "{n} codes of {d} numbers. The picture shows {k} of them, grouped by class "
                                "when there are classes (one row per image).",
                          "ko": "{d}차원 코드 {n}개. 그림은 그중 {k}개를 (클래스가 있으면 클래스별로 묶어) 보여 줍니다 "
                                "(이미지마다 한 줄)."},
    "feat_csv": {"en": "Download CSV", "ko": "CSV 내려받기"},
    "feat_npy": {"en": "Download NPY", "ko": "NPY 내려받기"},
    "feat_no_model": {"en": "No model is installed for this dataset.", "ko": "이 데이터셋에 설치된 모델이 없습니다."},
})
