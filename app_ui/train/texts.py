"""Texts of the Train page, in English and Korean."""

from app_ui.common.i18n import register

register({
    "train_title": {"en": "Train: watch a latent space form", "ko": "학습: 잠재 공간이 만들어지는 과정 보기"},
    "train_intro": {
        "en": "Train a small autoencoder right here, on the server's CPU, in about a minute. After every epoch "
              "the page maps the codes of {n} fixed test images (PCA to 2-D), so you can scrub back through "
              "the epochs and watch the classes pull apart. The finished model appears in the model pickers.",
        "ko": "서버 CPU에서 작은 오토인코더를 약 1분 만에 바로 학습합니다. 매 에폭이 끝날 때마다 고정된 테스트 "
              "이미지 {n}장의 코드를 2차원(PCA)으로 그리므로, 에폭을 되감아 보며 클래스가 갈라지는 모습을 볼 수 "
              "있습니다. 학습이 끝난 모델은 모델 선택 목록에 나타납니다.",
    },
    "train_dataset": {"en": "Dataset", "ko": "데이터셋"},
    "train_dataset_help": {
        "en": "digits (8×8, 1,437 training images) is always available; MNIST and Fashion-MNIST appear when "
              "their files are in the data folder, and train on their first {limit:,} images.",
        "ko": "digits(8×8, 학습 이미지 1,437장)는 항상 쓸 수 있습니다. MNIST와 Fashion-MNIST는 데이터 폴더에 "
              "파일이 있을 때 나타나며, 처음 {limit:,}장으로 학습합니다.",
    },
    "train_source": {"en": "Data", "ko": "데이터"},
    "train_source_builtin": {"en": "a built-in dataset", "ko": "내장 데이터셋"},
    "train_source_upload": {"en": "your images (.zip upload)", "ko": "내 이미지 (.zip 업로드)"},
    "train_source_server": {"en": "a folder or file on the server", "ko": "서버의 폴더 또는 파일"},
    "train_upload": {"en": "A .zip of your image folder (one sub-folder per class)",
                     "ko": "이미지 폴더의 .zip (클래스마다 하위 폴더 하나)"},
    "train_upload_help": {
        "en": "PNG, JPG, BMP, GIF or WebP images, colour or grey, any size; sub-folders are the classes. Limits: "
              "a .zip of {archive:,} MB, {files:,} files, {total:,} MB unpacked, {per_file:,} MB per file. Other "
              "files are skipped and listed; at least {min} images of 2 or more classes are needed.",
        "ko": "PNG, JPG, BMP, GIF, WebP 이미지(컬러 또는 흑백, 크기 무관). 하위 폴더가 클래스가 됩니다. 제한: .zip "
              "{archive:,}MB, 파일 {files:,}개, 압축 해제 후 {total:,}MB, 파일당 {per_file:,}MB. 다른 파일은 건너뛰고 "
              "목록으로 알려 드립니다. 2개 이상의 클래스에 이미지가 {min}장 이상 있어야 합니다.",
    },
    "train_path": {"en": "Path on the server's disk", "ko": "서버 디스크의 경로"},
    "train_path_help": {
        "en": "A folder of images (sub-folders = classes), a .zip of one, or an .npz with an 'images' array, on the "
              "disk of the machine that runs this app, not on your computer (upload a .zip for that).",
        "ko": "이 앱이 실행되는 서버 컴퓨터 디스크에 있는 이미지 폴더(하위 폴더 = 클래스), "
              "그 .zip, 또는 'images' 배열이 있는 .npz입니다. 내 컴퓨터의 파일이라면 .zip으로 업로드하세요.",
    },
    "train_data_bad": {"en": "This dataset cannot be used: {err}", "ko": "이 데이터셋은 쓸 수 없습니다: {err}"},
    "train_loading": {"en": "Reading the images…", "ko": "이미지를 읽는 중…"},
    "train_skipped": {"en": "{count:,} file(s) in the archive were skipped: {names}.",
                      "ko": "압축 파일의 파일 {count:,}개를 건너뛰었습니다: {names}."},
    "train_skip_type": {"en": "not an image", "ko": "이미지 아님"},
    "train_skip_unreadable": {"en": "not a readable image", "ko": "읽을 수 없는 이미지"},
    "train_skip_too_large": {"en": "over {pixels:,} pixels", "ko": "{pixels:,}픽셀 초과"},
    "train_skip_duplicate": {"en": "a second file of that name", "ko": "같은 이름의 두 번째 파일"},
    "train_more": {"en": "and {n:,} more", "ko": "외 {n:,}개"},
    "train_preview": {"en": "The first training images of each class, top to bottom: {rows}",
                      "ko": "클래스별 첫 학습 이미지, 위에서 아래로: {rows}"},
    "train_counts": {"en": "Images per class (train + test)", "ko": "클래스별 이미지 수 (학습 + 테스트)"},
    "train_images": {"en": "images", "ko": "이미지 수"},
    "train_no_class": {"en": "(no class)", "ko": "(클래스 없음)"},
    "train_colour": {"en": "colour (RGB)", "ko": "컬러 (RGB)"},
    "train_grey": {"en": "grey", "ko": "흑백"},
    "train_facts": {
        "en": "**{name}**: {train:,} training and {test:,} test images of {h}×{w} pixels, {mode}. Size: the images' "
              "most common size, scaled down to fit {side}×{side}; each image is scaled, keeping its shape, to cover "
              "it and then centre-cropped. Split: {split}",
        "ko": "**{name}**: {h}×{w} 픽셀, {mode} 이미지로 학습용 {train:,}장, 테스트용 {test:,}장입니다. "
              "크기: 가장 흔한 이미지 크기이며 {side}×{side}보다 크면 줄입니다. 각 이미지는 비율을 유지한 채 "
              "그 크기를 덮도록 조정한 뒤 가운데를 잘라 냅니다. 분할: {split}",
    },
    "train_split_folder": {
        "en": "fixed by each file's path: the files whose SHA-256 of their path inside the folder is divisible by 5 "
              "(about 20%) are the test set, so adding files never moves the others.",
        "ko": "파일 경로로 고정됩니다. 폴더 안 경로의 SHA-256 값이 5로 나누어떨어지는 파일(약 20%)이 "
              "테스트 세트이므로, 파일을 추가해도 다른 파일의 분할은 바뀌지 않습니다.",
    },
    "train_split_npz": {"en": "a permutation of the images with seed 0: the first 80% train, the last 20% test.",
                        "ko": "시드 0으로 섞은 순서에서 처음 80%는 학습, 나머지 20%는 테스트입니다."},
    "train_full": {"en": "There is no room for another model: {err}", "ko": "모델을 더 저장할 공간이 없습니다: {err}"},
    "train_bad_model": {"en": "This model cannot train on these images: {err}",
                        "ko": "이 모델은 이 이미지로 학습할 수 없습니다: {err}"},
    "train_family": {"en": "Model family", "ko": "모델 종류"},
    "train_latent": {"en": "Latent size", "ko": "잠재 차원 수"},
    "train_noise": {"en": "Input noise σ (0 = plain AE, > 0 = denoising AE)",
                    "ko": "입력 잡음 σ (0 = 일반 AE, 0보다 크면 잡음 제거 AE)"},
    "train_beta": {"en": "β (weight of the KL term; 1 = plain VAE)", "ko": "β (KL 항의 가중치, 1 = 일반 VAE)"},
    "train_epochs": {"en": "Epochs", "ko": "에폭 수"},
    "train_broadcast": {"en": "Spatial broadcast decoder", "ko": "공간 브로드캐스트 디코더"},
    "train_broadcast_help": {
        "en": "Conv models: the decoder gets the code copied to every cell of a grid, beside the cell's x and y "
              "(Watters et al. 2019), so where an object is becomes two straight lines in the code: sliders that "
              "move it left–right and up–down.",
        "ko": "합성곱 모델: 디코더가 코드를 격자의 모든 칸에 복사하고 칸의 x, y 좌표를 함께 받습니다(Watters 외 "
              "2019). 그래서 물체의 위치가 코드 안에서 두 개의 직선이 되어, 슬라이더가 물체를 좌우·상하로 움직입니다.",
    },
    "train_tc": {"en": "Total-correlation weight (β-TCVAE; 0 = plain VAE)",
                 "ko": "총 상관 가중치 (β-TCVAE, 0 = 일반 VAE)"},
    "train_tc_help": {
        "en": "VAEs: also penalise how much the code's dimensions depend on each other across images (Chen et al. "
              "2018). KL and reconstruction cannot choose the axes of two factors that change the image alike; this "
              "penalty prefers one factor per dimension.",
        "ko": "VAE: 이미지들 사이에서 코드의 차원들이 서로 얼마나 의존하는지에도 벌점을 줍니다(Chen 외 2018). KL과 "
              "복원만으로는 이미지를 같은 방식으로 바꾸는 두 요인의 축을 정할 수 없지만, 이 벌점은 차원마다 요인 "
              "하나를 선호합니다.",
    },
    "train_normal_class": {"en": "Train on", "ko": "학습 데이터"},
    "train_normal_class_help": {
        "en": "One class only makes a one-class model for the Anomalies page: every other class is then an anomaly.",
        "ko": "한 클래스만 고르면 이상 탐지 페이지에서 쓸 단일 클래스 모델이 됩니다. "
              "나머지 클래스는 모두 이상이 됩니다.",
    },
    "train_all_classes": {"en": "all classes", "ko": "모든 클래스"},
    "train_name": {"en": "Name of the new model", "ko": "새 모델의 이름"},
    "train_name_help": {"en": "Saved as user-<name>; letters, digits, '-' and '_'.",
                        "ko": "user-<이름>으로 저장됩니다. 영문자, 숫자, '-', '_'를 쓸 수 있습니다."},
    "train_start": {"en": "Train", "ko": "학습 시작"},
    "train_stop": {"en": "Stop", "ko": "중지"},
    "train_busy": {"en": "The server is busy: {err}", "ko": "서버가 바쁩니다: {err}"},
    "train_bad_name": {"en": "This name cannot be used: {err}", "ko": "이 이름은 쓸 수 없습니다: {err}"},
    "train_status_running": {"en": "Training {name}: epoch {epoch} of {epochs} · {elapsed:.0f} s",
                             "ko": "{name} 학습 중: {epochs} 에폭 중 {epoch} 에폭 · {elapsed:.0f}초"},
    "train_status_queued": {"en": "Starting {name}…", "ko": "{name} 시작 중…"},
    "train_done": {"en": "Done: {name} was saved after {epochs} epoch(s) in {elapsed:.0f} s. Pick it in the "
                         "sidebar to explore it on every page.",
                   "ko": "완료: {name}을(를) {epochs} 에폭, {elapsed:.0f}초 만에 저장했습니다. 사이드바에서 골라 "
                         "모든 페이지에서 살펴보세요."},
    "train_stopped": {"en": "Stopped after {epochs} epoch(s); the best epoch was saved as {name}.",
                      "ko": "{epochs} 에폭 후 중지했습니다. 가장 좋은 에폭을 {name}(으)로 저장했습니다."},
    "train_stopped_empty": {"en": "Stopped before the first epoch ended; nothing was saved.",
                            "ko": "첫 에폭이 끝나기 전에 중지되어 아무것도 저장하지 않았습니다."},
    "train_failed": {"en": "Training failed: {err}", "ko": "학습에 실패했습니다: {err}"},
    "train_loss": {"en": "Loss per epoch", "ko": "에폭별 손실"},
    "train_word_epoch": {"en": "epoch", "ko": "에폭"},
    "train_word_loss": {"en": "loss", "ko": "손실"},
    "train_loss_train": {"en": "training", "ko": "학습"},
    "train_loss_val": {"en": "validation", "ko": "검증"},
    "train_map": {"en": "Latent map after epoch {epoch} (PCA, {share:.0%} of the variance shown)",
                  "ko": "{epoch} 에폭 후의 잠재 지도 (PCA, 분산의 {share:.0%} 표시)"},
    "train_map_epoch": {"en": "Epoch shown on the map (0 = before training)",
                        "ko": "지도에 표시할 에폭 (0 = 학습 전)"},
    "train_follow": {"en": "Follow the latest epoch", "ko": "최신 에폭 따라가기"},
    "train_other_running": {"en": "Another training run is going on on this server ({name}); the limit is {max} "
                                  "at a time. You can start yours when it has finished.",
                            "ko": "이 서버에서 다른 학습({name})이 진행 중입니다. 동시에 {max}개까지 가능합니다. "
                                  "끝나면 시작할 수 있습니다."},
})
