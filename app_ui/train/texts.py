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
    "train_family": {"en": "Model family", "ko": "모델 종류"},
    "train_latent": {"en": "Latent size", "ko": "잠재 차원 수"},
    "train_noise": {"en": "Input noise σ (0 = plain AE, > 0 = denoising AE)",
                    "ko": "입력 잡음 σ (0 = 일반 AE, 0보다 크면 잡음 제거 AE)"},
    "train_beta": {"en": "β (weight of the KL term; 1 = plain VAE)", "ko": "β (KL 항의 가중치, 1 = 일반 VAE)"},
    "train_epochs": {"en": "Epochs", "ko": "에폭 수"},
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
