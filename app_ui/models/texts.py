"""Texts of the Models page (and the sidebar's note on ONNX models), in English and Korean."""

from app_ui.common.i18n import register

register({
    "page_models": {"en": "Models", "ko": "모델"},
    "onnx_model_note": {
        "en": "Brought as ONNX, run by onnxruntime ({providers}). Every page explores it; Train does not apply "
              "(it trains new models).",
        "ko": "ONNX로 가져온 모델로, onnxruntime({providers})이 실행합니다. 모든 페이지에서 살펴볼 수 있지만 "
              "학습 페이지는 해당하지 않습니다(새 모델을 학습합니다).",
    },
    "models_title": {"en": "Models: bring your own autoencoder", "ko": "모델: 내 오토인코더 가져오기"},
    "models_intro": {
        "en": "Trained an autoencoder elsewhere (PyTorch, Keras, JAX)? Export its encoder and decoder as two ONNX "
              "files and explore it here like the zoo. ONNX is data, not code: opening a file runs none of its "
              "author's code. The checks below run before anything is installed. The same from a terminal:",
        "ko": "다른 곳(PyTorch, Keras, JAX)에서 학습한 오토인코더가 있나요? 인코더와 디코더를 ONNX 파일 두 개로 "
              "내보내면 여기서 모델 모음처럼 살펴볼 수 있습니다. ONNX는 코드가 아니라 데이터라서 파일을 열어도 "
              "만든 사람의 코드는 실행되지 않습니다. 설치 전에 아래 검사를 모두 거칩니다. 터미널에서는:",
    },
    "models_yours": {"en": "Your models", "ko": "내 모델"},
    "models_folder": {
        "en": "In {folder}: {used:,.1f} MB of {cap:,.0f} MB (AE_USER_MODELS_MAX_MB). Models trained on the Train "
              "page live here too.",
        "ko": "{folder}: {cap:,.0f}MB 중 {used:,.1f}MB 사용 (AE_USER_MODELS_MAX_MB). 학습 페이지에서 학습한 모델도 "
              "여기에 있습니다.",
    },
    "models_none": {"en": "No user models yet: add one below, or train one on the Train page.",
                    "ko": "아직 내 모델이 없습니다. 아래에서 추가하거나 학습 페이지에서 학습하세요."},
    "models_kind_onnx": {"en": "ONNX", "ko": "ONNX"},
    "models_kind_trained": {"en": "trained here", "ko": "여기서 학습"},
    "models_col_name": {"en": "name", "ko": "이름"},
    "models_col_kind": {"en": "kind", "ko": "종류"},
    "models_col_family": {"en": "family", "ko": "계열"},
    "models_col_latent": {"en": "latent", "ko": "잠재 차원"},
    "models_col_dataset": {"en": "dataset", "ko": "데이터셋"},
    "models_col_size": {"en": "MB", "ko": "MB"},
    "models_pick": {"en": "Model to rename or remove", "ko": "이름을 바꾸거나 지울 모델"},
    "models_new_name": {"en": "New name", "ko": "새 이름"},
    "models_rename": {"en": "Rename", "ko": "이름 바꾸기"},
    "models_renamed": {"en": "Renamed to {name}.", "ko": "{name}(으)로 이름을 바꿨습니다."},
    "models_confirm": {"en": "Yes, delete {name} and its files", "ko": "네, {name}와(과) 그 파일을 지웁니다"},
    "models_remove": {"en": "Remove", "ko": "지우기"},
    "models_removed": {"en": "Removed {name}.", "ko": "{name}을(를) 지웠습니다."},
    "models_bad": {"en": "That did not work: {err}", "ko": "실패했습니다: {err}"},
    "models_bring": {"en": "Bring a model", "ko": "모델 가져오기"},
    "models_encoder": {"en": "encoder.onnx: images → code (or μ and log σ²)",
                       "ko": "encoder.onnx: 이미지 → 코드 (또는 μ와 log σ²)"},
    "models_decoder": {"en": "decoder.onnx: code → image", "ko": "decoder.onnx: 코드 → 이미지"},
    "models_upload_help": {
        "en": "One self-contained .onnx file (weights inside; torch: program.save(path, external_data=False)), "
              "up to {mb:,} MB (AE_ONNX_MAX_MB).",
        "ko": "가중치가 들어 있는 .onnx 파일 하나(torch: program.save(path, external_data=False)), 최대 {mb:,}MB "
              "(AE_ONNX_MAX_MB).",
    },
    "models_dataset": {"en": "The data it belongs with", "ko": "모델에 맞는 데이터"},
    "models_dataset_help": {
        "en": "Its test images are shown with the model on every page, at the size the encoder takes.",
        "ko": "모든 페이지에서 이 데이터의 테스트 이미지를 인코더가 받는 크기로 모델과 함께 보여 줍니다.",
    },
    "models_dataset_other": {"en": "a folder, .zip or .npz on the server…", "ko": "서버의 폴더, .zip 또는 .npz…"},
    "models_dataset_upload": {"en": "your images (.zip upload)…", "ko": "내 이미지 (.zip 업로드)…"},
    "models_data_upload": {"en": "A .zip of the image folder (one sub-folder per class)",
                           "ko": "이미지 폴더의 .zip (클래스마다 하위 폴더 하나)"},
    "models_path": {"en": "Path on the server's disk", "ko": "서버 디스크의 경로"},
    "models_options": {"en": "What the graphs cannot say", "ko": "그래프가 알려 주지 않는 것"},
    "models_layout": {"en": "Image layout of the encoder", "ko": "인코더의 이미지 배치"},
    "models_infer": {"en": "infer", "ko": "추론"},
    "models_range": {"en": "Pixel range", "ko": "픽셀 범위"},
    "models_output": {"en": "The decoder returns", "ko": "디코더가 돌려주는 값"},
    "models_output_pixels": {"en": "pixels", "ko": "픽셀"},
    "models_output_logits": {"en": "logits (before a sigmoid)", "ko": "로짓 (시그모이드 전)"},
    "models_split": {"en": "The encoder's one output holds μ and log σ² (a VAE)",
                     "ko": "인코더의 출력 하나에 μ와 log σ²가 함께 있음 (VAE)"},
    "models_checking": {"en": "Checking the graphs…", "ko": "그래프를 검사하는 중…"},
    "models_checks": {"en": "Checks", "ko": "검사"},
    "models_inferred": {"en": "What was inferred", "ko": "추론한 내용"},
    "models_recon": {"en": "Test images (top) and their reconstructions (bottom)",
                     "ko": "테스트 이미지(위)와 복원(아래)"},
    "models_samples": {"en": "Codes drawn from N(0, 2²I), decoded", "ko": "N(0, 2²I)에서 뽑은 코드의 디코딩"},
    "models_name": {"en": "Name", "ko": "이름"},
    "models_name_help": {"en": "Saved as user-<name>; letters, digits, '-' and '_'.",
                         "ko": "user-<이름>으로 저장됩니다. 영문자, 숫자, '-', '_'를 쓸 수 있습니다."},
    "models_add": {"en": "Add the model", "ko": "모델 추가"},
    "models_added": {"en": "Added {name}: it is selected in the sidebar and every page explores it.",
                     "ko": "{name}을(를) 추가했습니다. 사이드바에서 선택되었고 모든 페이지에서 살펴볼 수 있습니다."},
    "models_refused": {"en": "This model cannot be added (nothing was installed):",
                       "ko": "이 모델은 추가할 수 없습니다(아무것도 설치하지 않았습니다):"},
})
