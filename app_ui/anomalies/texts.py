"""Texts of the Anomalies page, in English and Korean."""

from app_ui.common.i18n import register

register({
    "anom_title": {"en": "Anomalies: what the autoencoder cannot reconstruct",
                   "ko": "이상 탐지: 오토인코더가 복원하지 못하는 것"},
    "anom_intro": {
        "en": "An autoencoder trained only on normal images reconstructs them well and everything else badly. "
              "The reconstruction error is therefore an anomaly score: pick a threshold and every image scoring "
              "above it is flagged.",
        "ko": "정상 이미지로만 학습한 오토인코더는 정상 이미지는 잘 복원하지만 그 밖의 것은 잘 복원하지 못합니다. "
              "따라서 복원 오차를 이상 점수로 쓸 수 있습니다. 임계값을 정하면 그보다 점수가 높은 이미지가 모두 "
              "이상으로 표시됩니다.",
    },
    "anom_setup": {"en": "Set-up", "ko": "실험 설정"},
    "anom_setup_one_class": {"en": "One-class (one class is normal)", "ko": "단일 클래스 (한 클래스만 정상)"},
    "anom_setup_ood": {"en": "Out-of-distribution (another dataset)", "ko": "분포 밖 데이터 (다른 데이터셋)"},
    "anom_one_class_help": {
        "en": "Each one-class model was trained on a single class. Normal = that class in the test sample; "
              "anomalies = all other classes.",
        "ko": "각 단일 클래스 모델은 한 클래스로만 학습했습니다. 정상 = 테스트 샘플에서 그 클래스, "
              "이상 = 나머지 모든 클래스.",
    },
    "anom_ood_help": {
        "en": "The model scores its own test images (normal) and images from elsewhere (anomalies): another "
              "dataset of the same size, or your own files.",
        "ko": "모델이 자기 테스트 이미지(정상)와 다른 곳에서 온 이미지(이상)에 점수를 매깁니다. "
              "같은 크기의 다른 데이터셋이나 직접 올린 파일을 쓸 수 있습니다.",
    },
    "anom_no_one_class": {
        "en": "No one-class model is installed. Train one on the Train page (pick a single class; about a "
              "minute on digits), or from the command line:",
        "ko": "단일 클래스 모델이 없습니다. 학습 페이지에서 한 클래스를 골라 학습하거나(digits에서 약 1분) "
              "명령줄에서 학습하세요:",
    },
    "anom_train_link": {"en": "Train a one-class model", "ko": "단일 클래스 모델 학습하기"},
    "anom_no_models": {"en": "No model is installed for this set-up.", "ko": "이 설정에 쓸 모델이 없습니다."},
    "anom_dataset": {"en": "Dataset", "ko": "데이터셋"},
    "anom_normal_class": {"en": "Normal class (one model per class)", "ko": "정상 클래스 (클래스마다 모델 하나)"},
    "anom_model": {"en": "Model", "ko": "모델"},
    "anom_source": {"en": "Anomalies come from", "ko": "이상 데이터 출처"},
    "anom_source_upload": {"en": "my own images", "ko": "내 이미지"},
    "anom_upload": {"en": "Images (PNG/JPG) or an .npz with an `images` array",
                    "ko": "이미지(PNG/JPG) 또는 `images` 배열이 든 .npz"},
    "anom_invert": {"en": "Invert my images (dark strokes on a light background)",
                    "ko": "내 이미지 반전 (밝은 배경에 어두운 획)"},
    "anom_invert_help": {"en": "MNIST-style models saw light strokes on black. Inverting drawings or scans "
                               "makes them comparable.",
                         "ko": "MNIST 계열 모델은 검은 배경의 밝은 획을 학습했습니다. 그림이나 스캔 이미지를 "
                               "반전하면 비교할 수 있게 됩니다."},
    "anom_upload_wait": {"en": "Upload a few images to score them against the model's own test images.",
                         "ko": "이미지를 몇 장 올리면 모델 자신의 테스트 이미지와 비교해 점수를 매깁니다."},
    "anom_no_sources": {
        "en": "No other dataset has this model's image shape ({shape}): upload your own images instead.",
        "ko": "이 모델과 이미지 형태({shape})가 같은 다른 데이터셋이 없습니다. 직접 이미지를 올려 주세요.",
    },
    "anom_cannot": {"en": "This cannot be scored: {err}", "ko": "점수를 계산할 수 없습니다: {err}"},
    "anom_normal": {"en": "normal", "ko": "정상"},
    "anom_anomalous": {"en": "anomalous", "ko": "이상"},
    "anom_score": {"en": "Anomaly score", "ko": "이상 점수"},
    "anom_score_mse": {"en": "reconstruction error (MSE)", "ko": "복원 오차 (MSE)"},
    "anom_score_neg_elbo": {"en": "negative ELBO (nats)", "ko": "음의 ELBO (nats)"},
    "anom_score_ssim_error": {"en": "structural error (1 − SSIM)", "ko": "구조 오차 (1 − SSIM)"},
    "anom_score_help": {
        "en": "Starts on the score this model chose when it was trained: the one with the highest AUROC on "
              "training images it never learned from, never on the test images shown here.",
        "ko": "이 모델이 학습 때 고른 점수에서 시작합니다. 학습에 쓰지 않은 학습 분할 이미지에서 AUROC가 가장 "
              "높은 점수이며, 여기 보이는 테스트 이미지로 고른 것이 아닙니다.",
    },
    "anom_threshold": {"en": "Threshold: flag images scoring at least", "ko": "임계값: 이 점수 이상이면 이상으로 표시"},
    "anom_threshold_help": {
        "en": "Starts where 5 % of the normal images are flagged. Release the handle to update everything.",
        "ko": "정상 이미지의 5 %가 표시되는 지점에서 시작합니다. 손잡이를 놓으면 모든 그림이 갱신됩니다.",
    },
    "anom_log": {"en": "Logarithmic score axis", "ko": "점수 축을 로그 눈금으로"},
    "anom_hist": {"en": "Scores of normal and anomalous images", "ko": "정상/이상 이미지의 점수 분포"},
    "anom_precision": {"en": "Precision", "ko": "정밀도"},
    "anom_precision_help": {"en": "Of the flagged images, the share that really are anomalies.",
                            "ko": "이상으로 표시된 이미지 중 실제 이상인 비율."},
    "anom_recall": {"en": "Recall", "ko": "재현율"},
    "anom_recall_help": {"en": "Of the anomalies, the share that is flagged (true-positive rate).",
                         "ko": "실제 이상 중 표시된 비율 (참 양성률)."},
    "anom_fpr": {"en": "False-positive rate", "ko": "위양성률"},
    "anom_fpr_help": {"en": "Of the normal images, the share wrongly flagged.",
                      "ko": "정상 이미지 중 잘못 표시된 비율."},
    "anom_f1": {"en": "F1", "ko": "F1"},
    "anom_flagged": {"en": "flagged", "ko": "이상 판정"},
    "anom_passed": {"en": "passed", "ko": "정상 판정"},
    "anom_roc": {"en": "ROC curve", "ko": "ROC 곡선"},
    "anom_pr": {"en": "Precision-recall curve", "ko": "정밀도-재현율 곡선"},
    "anom_curves_caption": {
        "en": "The × marks the threshold above. AUROC = the chance that a random anomaly scores higher than a "
              "random normal image (0.5 = guessing); AP = average precision, the area under the PR curve.",
        "ko": "×는 위의 임계값입니다. AUROC는 임의의 이상 이미지가 임의의 정상 이미지보다 높은 점수를 받을 "
              "확률(0.5 = 무작위 추측)이고, AP(평균 정밀도)는 PR 곡선 아래 넓이입니다.",
    },
    "anom_compare": {"en": "Reconstruction error or negative ELBO?", "ko": "복원 오차인가, 음의 ELBO인가?"},
    "anom_compare_caption": {
        "en": "Both scores of the same images. AUROC with the MSE: {mse:.3f}; with the negative ELBO: {elbo:.3f}. "
              "The ELBO adds how unusual the code is under the prior (the KL term) to the reconstruction term.",
        "ko": "같은 이미지의 두 점수입니다. MSE의 AUROC: {mse:.3f}, 음의 ELBO의 AUROC: {elbo:.3f}. "
              "ELBO는 복원 항에 더해, 잠재 코드가 사전분포에서 얼마나 드문지(KL 항)도 반영합니다.",
    },
    "anom_gallery": {"en": "Most and least anomalous images", "ko": "가장 이상한 이미지와 가장 정상적인 이미지"},
    "anom_gallery_caption": {
        "en": "Each column: the image, its reconstruction, and the per-pixel error (black = none, yellow/white = "
              "large).",
        "ko": "각 열: 원본 이미지, 복원 이미지, 픽셀별 오차 (검정 = 오차 없음, 노랑/흰색 = 큰 오차).",
    },
    "anom_k": {"en": "Images per row", "ko": "한 줄의 이미지 수"},
    "anom_most": {"en": "Highest scores (most anomalous)", "ko": "가장 높은 점수 (가장 이상함)"},
    "anom_least": {"en": "Lowest scores (most normal)", "ko": "가장 낮은 점수 (가장 정상적)"},
    "anom_per_class": {"en": "One-class AUROC per class, beside the literature",
                       "ko": "클래스별 단일 클래스 AUROC와 문헌 값 비교"},
    "anom_per_class_test": {"en": "on the whole test split, as the card of the model serving each class states; "
                                  "that model (where a class has several) and its score were chosen on held-out "
                                  "training images",
                            "ko": "각 클래스를 맡은 모델의 카드에 적힌 전체 테스트 분할 값. 그 모델(한 클래스에 여럿일 "
                                  "때)과 점수는 학습 분할의 따로 둔 이미지로 골랐습니다"},
    "anom_per_class_mixed": {"en": "on each model's whole test split where its card states it, else on the test "
                                   "sample",
                             "ko": "카드에 적혀 있으면 전체 테스트 분할에서, 아니면 테스트 샘플에서"},
    "anom_per_class_caption": {
        "en": "The installed one-class models' AUROC {where}, beside the published figures for the same normal "
              "classes. Reference: {cite} The paper's figures come from other architectures and other training "
              "budgets (DCAE: a convolutional autoencoder scored by reconstruction error, as here; Deep SVDD: a "
              "network trained to map normal images close to a centre), so compare trends, not the third decimal.",
        "ko": "설치된 단일 클래스 모델의 AUROC({where})를 같은 정상 클래스의 논문 값과 나란히 놓았습니다. "
              "출처: {cite} 논문 값은 다른 구조·학습 예산에서 나온 것입니다(DCAE: 여기처럼 복원 오차로 점수를 "
              "매기는 합성곱 오토인코더, Deep SVDD: 정상 이미지를 한 중심 가까이 보내도록 학습한 신경망). "
              "소수점 셋째 자리가 아니라 경향을 비교하세요.",
    },
    "anom_per_class_means": {
        "en": "The installed one-class models' AUROC {where}. Dashed lines: published mean AUROCs over the ten "
              "classes ({means}), {note}; their per-class figures are not shown because they could not be checked.",
        "ko": "설치된 단일 클래스 모델의 AUROC({where}). 점선: 열 클래스에 대한 논문의 평균 AUROC({means}), "
              "{note}. 클래스별 값은 확인할 수 없어 보여 주지 않습니다.",
    },
    "anom_word_mean": {"en": "mean", "ko": "평균"},
    "anom_word_images": {"en": "images", "ko": "이미지 수"},
    "anom_word_chance": {"en": "chance", "ko": "무작위"},
    "anom_word_threshold": {"en": "threshold", "ko": "임계값"},
    "anom_word_fpr": {"en": "false-positive rate", "ko": "위양성률"},
    "anom_word_tpr": {"en": "true-positive rate (recall)", "ko": "참 양성률 (재현율)"},
    "anom_word_recall": {"en": "recall", "ko": "재현율"},
    "anom_word_precision": {"en": "precision", "ko": "정밀도"},
    "anom_word_normal_class": {"en": "normal class", "ko": "정상 클래스"},
    "anom_ours": {"en": "this app's models", "ko": "이 앱의 모델"},
    "anom_per_class_other": {
        "en": "The installed one-class models' AUROC {where}. No published figures are shown for this dataset; "
              "these are this app's own.",
        "ko": "설치된 단일 클래스 모델의 AUROC({where}). 이 데이터셋에는 보여 줄 문헌 값이 없으며, 막대는 이 앱에서 "
              "계산한 값입니다.",
    },
    "anom_per_class_one": {
        "en": "Only one one-class model is installed for this dataset; train more to compare classes.",
        "ko": "이 데이터셋에는 단일 클래스 모델이 하나뿐입니다. 클래스를 비교하려면 더 학습하세요.",
    },
    "anom_flagged_count": {"en": "{n} of {total} images flagged", "ko": "{total}장 중 {n}장이 이상으로 표시됨"},
})
