"""Texts of the Denoise page, in English and Korean."""

from app_ui.common.i18n import register

register({
    "dn_title": {"en": "Denoise: what corruption does to codes and images",
                 "ko": "잡음 제거: 손상이 코드와 이미지에 미치는 영향"},
    "dn_intro": {
        "en": "Corrupt an image, feed the same noisy input to several autoencoders and compare what comes out. "
              "A denoising autoencoder was trained on exactly this task.",
        "ko": "이미지를 손상시키고, 같은 잡음 입력을 여러 오토인코더에 넣어 결과를 비교합니다. "
              "잡음 제거 오토인코더는 바로 이 작업으로 학습되었습니다.",
    },
    "dn_explain_title": {"en": "What is a denoising autoencoder?", "ko": "잡음 제거 오토인코더란?"},
    "dn_explain": {
        "en": "A denoising autoencoder (Vincent et al. 2008) is trained to map a **corrupted** image back to "
              "the **clean** one: the input is x̃ = corrupt(x), the target is x. An ordinary autoencoder can "
              "lower its loss by copying pixels through; a denoising one cannot, because the noise destroys "
              "the pixel values it would copy. To undo the corruption it has to know what digits look like "
              "(strokes, their thickness, which pixels go together), so its code must capture that structure: "
              "learning to undo corruption forces it to learn meaningful features. Geometrically, it learns to "
              "project points that fell off the data manifold back onto it — so its codes move less when the "
              "input is corrupted (see the map below).",
        "ko": "잡음 제거 오토인코더(Vincent 외, 2008)는 **손상된** 이미지를 **깨끗한** 이미지로 되돌리도록 "
              "학습합니다. 입력은 x̃ = corrupt(x), 목표는 x입니다. 일반 오토인코더는 픽셀을 그대로 복사해서 "
              "손실을 줄일 수 있지만, 잡음 제거 오토인코더는 잡음이 복사할 픽셀 값을 망가뜨리므로 그럴 수 "
              "없습니다. 손상을 되돌리려면 숫자가 어떻게 생겼는지(획, 굵기, 함께 켜지는 픽셀들)를 알아야 "
              "하므로, 코드가 그 구조를 담아야 합니다. 즉, 손상을 되돌리는 법을 배우면서 의미 있는 특징을 "
              "학습하게 됩니다. 기하학적으로는 데이터 다양체에서 벗어난 점을 다시 다양체 위로 투영하는 법을 "
              "배우므로, 입력이 손상되어도 코드가 덜 움직입니다 (아래 지도 참고).",
    },
    "dn_models": {"en": "Models to compare", "ko": "비교할 모델"},
    "dn_pick_one": {"en": "Pick at least one model.", "ko": "모델을 하나 이상 고르세요."},
    "dn_source": {"en": "Input", "ko": "입력"},
    "dn_src_image": {"en": "a test image", "ko": "테스트 이미지"},
    "dn_src_batch": {"en": "a random batch of 8", "ko": "무작위 8장"},
    "dn_src_upload": {"en": "my image (upload)", "ko": "내 이미지 (업로드)"},
    "dn_src_draw": {"en": "draw a digit", "ko": "숫자 그리기"},
    "dn_class": {"en": "Class", "ko": "클래스"},
    "dn_any": {"en": "any", "ko": "전체"},
    "dn_index": {"en": "Image number", "ko": "이미지 번호"},
    "dn_new_batch": {"en": "🎲 New batch", "ko": "🎲 새 묶음"},
    "dn_upload": {"en": "An image of a single {what}", "ko": "{what} 하나가 담긴 이미지"},
    "dn_upload_what_digit": {"en": "digit", "ko": "숫자"},
    "dn_upload_what_item": {"en": "item", "ko": "물체"},
    "dn_upload_note": {
        "en": "Any size or colour mode is accepted: it is turned to grey, inverted when the background is light, "
              "cropped to the ink, scaled and centred by its centre of mass like MNIST ({h}×{w}).",
        "ko": "크기와 색상 모드에 상관없이 받습니다. 회색조로 바꾸고, 배경이 밝으면 반전하고, 잉크 부분만 잘라 "
              "MNIST처럼 크기를 맞추고 무게중심으로 가운데 정렬합니다 ({h}×{w}).",
    },
    "dn_upload_wait": {"en": "Upload a PNG or JPG to start.", "ko": "시작하려면 PNG 또는 JPG를 업로드하세요."},
    "dn_upload_note_resize": {
        "en": "Any size or colour mode is accepted: it is scaled to cover the model's {kind} images and its centre "
              "cropped (nothing is stretched, inverted or re-centred).",
        "ko": "크기와 색상 모드에 상관없이 받습니다. 모델의 이미지 형식({kind})을 덮도록 비율을 유지해 크기를 바꾸고 "
              "가운데를 잘라냅니다 (늘이거나 반전하거나 다시 정렬하지 않습니다).",
    },
    "dn_image_kind": {"en": "{h}×{w} {mode}", "ko": "{h}×{w} {mode}"},
    "dn_mode_colour": {"en": "colour", "ko": "컬러"},
    "dn_mode_grey": {"en": "grey", "ko": "회색조"},
    "dn_upload_error": {"en": "{err} Try another file: a PNG or JPG photo or scan of one {what}.",
                        "ko": "{err} 다른 파일을 시도하세요: {what} 하나를 찍거나 스캔한 PNG 또는 JPG."},
    "dn_inverted": {"en": "The background was light, so the image was inverted (the models expect light ink "
                          "on black).",
                    "ko": "배경이 밝아서 이미지를 반전했습니다 (모델은 검은 바탕의 밝은 획을 기대합니다)."},
    "dn_draw_help": {"en": "Draw one digit with the mouse; it is centred like MNIST.",
                     "ko": "마우스로 숫자 하나를 그리세요. MNIST처럼 가운데 정렬됩니다."},
    "dn_draw_missing": {"en": "The drawing canvas is not available (install streamlit-drawable-canvas).",
                        "ko": "그리기 캔버스를 사용할 수 없습니다 (streamlit-drawable-canvas를 설치하세요)."},
    "dn_draw_wait": {"en": "Draw a digit to start.", "ko": "시작하려면 숫자를 그리세요."},
    "dn_draw_not_here": {
        "en": "Drawing is offered for models of square grey digits (like MNIST); this model's images are {kind}, "
              "where a hand-drawn digit means nothing. Pick a test image or upload a picture instead.",
        "ko": "그리기는 MNIST처럼 정사각형 회색조 숫자 모델에서만 제공됩니다. 이 모델의 이미지는 {kind} 형식이라 "
              "손으로 그린 숫자는 의미가 없습니다. 테스트 이미지를 고르거나 그림을 업로드하세요.",
    },
    "dn_noise": {"en": "Noise", "ko": "잡음"},
    "dn_kind_gaussian": {"en": "Gaussian (σ)", "ko": "가우시안 (σ)"},
    "dn_kind_salt_pepper": {"en": "salt & pepper (p)", "ko": "소금·후추 (p)"},
    "dn_kind_mask": {"en": "masked pixels (p)", "ko": "픽셀 가리기 (p)"},
    "dn_kind_blocks": {"en": "masked blocks (p)", "ko": "블록 가리기 (p)"},
    "dn_strength": {"en": "Strength", "ko": "세기"},
    "dn_seed": {"en": "Noise seed", "ko": "잡음 시드"},
    "dn_clean": {"en": "clean", "ko": "원본"},
    "dn_noisy": {"en": "noisy", "ko": "잡음 입력"},
    "dn_error": {"en": "|error|", "ko": "|오차|"},
    "dn_metrics": {"en": "PSNR (dB, higher is better) and SSIM (1 = identical) against the clean image",
                   "ko": "원본 대비 PSNR (dB, 높을수록 좋음)과 SSIM (1 = 동일)"},
    "dn_input_row": {"en": "noisy input (no model)", "ko": "잡음 입력 (모델 없음)"},
    "dn_curve_title": {"en": "Mean quality over {n} test images against noise strength",
                       "ko": "테스트 이미지 {n}장의 잡음 세기별 평균 품질"},
    "dn_curve_running": {"en": "Corrupting and denoising {n} images at {k} strengths…",
                         "ko": "이미지 {n}장을 {k}가지 세기로 손상시키고 복원하는 중…"},
    "dn_curve_caption": {
        "en": "Dashed: the noisy input itself. A model helps where its curve lies above it. The noise is the same "
              "for every model (seed {seed}).",
        "ko": "점선: 잡음 입력 자체. 모델의 곡선이 점선보다 위에 있는 곳에서 모델이 도움이 됩니다. 모든 모델에 "
              "같은 잡음을 씁니다 (시드 {seed}).",
    },
    "dn_curve_numbers": {"en": "The numbers", "ko": "수치 보기"},
    "dn_map_title": {"en": "How far the noise pushes the code", "ko": "잡음이 코드를 얼마나 밀어내는가"},
    "dn_map_caption": {
        "en": "Each model's codes of the test sample on its own PCA plane; arrows go from the clean image's code "
              "to the noisy image's code. The number is the length of the move in the full latent space, in units "
              "of the codes' spread (so models can be compared).",
        "ko": "각 모델의 테스트 샘플 코드를 그 모델의 PCA 평면에 그렸습니다. 화살표는 깨끗한 이미지의 코드에서 "
              "잡음 이미지의 코드로 향합니다. 숫자는 전체 잠재 공간에서의 이동 거리로, 코드 분포의 퍼짐을 단위로 "
              "합니다 (모델끼리 비교 가능).",
    },
    "dn_shift": {"en": "code moved {v:.2f} × spread", "ko": "코드 이동 {v:.2f} × 퍼짐"},
})
