"""Texts of the Home page in English and Korean (`app_ui.common.i18n.register(TEXTS)`). Markdown; the
formulas, the same in both languages, are drawn separately with `st.latex`."""

LOSS = r"\mathcal{L}(x) = \lVert x - g(f(x)) \rVert^2"
DENOISING_LOSS = r"\mathcal{L}(x) = \lVert x - g(f(\tilde{x})) \rVert^2, \qquad \tilde{x} = x + \text{noise}"
ELBO = (r"\log p_\theta(x) \;\ge\; \mathbb{E}_{q_\phi(z \mid x)}\big[\log p_\theta(x \mid z)\big]"
        r" \;-\; D_{\mathrm{KL}}\big(q_\phi(z \mid x) \,\|\, p(z)\big)")

TEXTS: dict[str, dict[str, str]] = {
    "home_title": {"en": "What does an autoencoder learn?", "ko": "오토인코더는 무엇을 배울까?"},
    "home_intro": {
        "en": "An **autoencoder** is a neural network trained to give back its own input. That sounds "
              "useless — until you notice that it has to squeeze every image through a narrow "
              "**latent vector** of a few numbers on the way. To rebuild the image from so little, the "
              "network must find what matters in the data. This app lets you look inside: the map of "
              "those latent vectors, images generated from them, noise removed by them.",
        "ko": "**오토인코더**는 입력을 그대로 돌려주도록 학습하는 신경망입니다. 쓸모없어 보이지만, 그 "
              "과정에서 모든 이미지를 몇 개의 수로 된 좁은 **잠재 벡터**로 압축해야 한다는 점이 핵심입니다. "
              "이렇게 적은 정보로 이미지를 다시 만들려면 데이터에서 중요한 것을 찾아내야 합니다. 이 앱에서는 "
              "그 안을 직접 들여다볼 수 있습니다. 잠재 벡터의 지도, 잠재 벡터에서 생성한 이미지, 잠재 "
              "벡터로 제거한 잡음을 확인해 보세요.",
    },
    "home_parts_title": {"en": "Encoder, latent vector, decoder", "ko": "인코더, 잠재 벡터, 디코더"},
    "home_parts": {
        "en": "- The **encoder** $f$ maps an image $x$ (for MNIST 28×28 = 784 numbers) to a short "
              "**latent vector** (the *code*) $z = f(x)$, for example 16 numbers.\n"
              "- The **decoder** $g$ maps the code back to an image $\\hat{x} = g(z)$.\n"
              "- Both are trained together to make the reconstruction close to the input, by "
              "minimising the squared **reconstruction error** over the training images:",
        "ko": "- **인코더** $f$는 이미지 $x$(MNIST는 28×28 = 784개의 수)를 짧은 **잠재 벡터**(*코드*) "
              "$z = f(x)$로 바꿉니다. 예를 들어 16개의 수입니다.\n"
              "- **디코더** $g$는 코드를 다시 이미지 $\\hat{x} = g(z)$로 바꿉니다.\n"
              "- 두 네트워크는 함께 학습되며, 학습 이미지 전체에 대한 제곱 **재구성 오차**를 최소화해 "
              "재구성이 입력과 가까워지도록 합니다:",
    },
    "home_unsupervised": {
        "en": "**Why it is unsupervised:** the target is the input itself, so no labels are needed — any "
              "pile of images will do. Nothing tells the network that a 3 is a 3; yet on the "
              "latent map the digits gather in clusters, because similar images need "
              "similar codes to be rebuilt well. The narrow code is what forces this: an autoencoder "
              "with a code as wide as the image could just copy it.",
        "ko": "**비지도 학습인 이유:** 목표가 입력 그 자체이므로 레이블이 필요 없습니다. 이미지만 있으면 "
              "됩니다. 3이 3이라고 알려 주는 것은 없지만, 잠재 공간 지도에서는 숫자들이 "
              "군집을 이룹니다. 비슷한 이미지를 잘 재구성하려면 비슷한 코드가 필요하기 때문입니다. 이를 "
              "강제하는 것은 좁은 코드입니다. 코드가 이미지만큼 넓다면 그냥 복사해 버릴 수 있습니다.",
    },
    "home_families_title": {"en": "Five kinds of autoencoder", "ko": "다섯 가지 오토인코더"},
    "home_stacked": {
        "en": "**Stacked (deep) autoencoder.** Several hidden layers on each side instead of one, each "
              "narrower than the last (784 → 512 → 256 → 128 → code). Depth lets the code capture "
              "curved, non-linear structure that a linear method like PCA cannot: Hinton & "
              "Salakhutdinov (2006) rebuilt MNIST from a 30-number code with a squared error of 3.00 per "
              "image, against 13.87 for PCA with 30 components.",
        "ko": "**적층(깊은) 오토인코더.** 양쪽에 은닉층이 하나가 아니라 여러 개이며, 층마다 점점 "
              "좁아집니다(784 → 512 → 256 → 128 → 코드). 깊이 덕분에 PCA 같은 선형 방법이 잡지 못하는 "
              "휘어진 비선형 구조를 코드에 담을 수 있습니다. Hinton & Salakhutdinov(2006)는 30개의 수로 된 "
              "코드로 MNIST를 재구성해 이미지당 제곱 오차 3.00을 얻었고, 30개 성분의 PCA는 13.87이었습니다.",
    },
    "home_denoising": {
        "en": "**Denoising autoencoder.** During training each input is corrupted first — Gaussian noise, "
              "salt-and-pepper, masked pixels — and the network must rebuild the *clean* image, so the "
              "loss compares the output of the noisy input $\\tilde{x}$ with the clean $x$:",
        "ko": "**잡음 제거 오토인코더.** 학습할 때 입력을 먼저 망가뜨리고(가우시안 잡음, 소금-후추 잡음, "
              "가려진 픽셀) 네트워크가 *깨끗한* 이미지를 재구성하도록 합니다. 그래서 손실은 잡음 섞인 입력 "
              "$\\tilde{x}$에서 나온 출력과 깨끗한 $x$를 비교합니다:",
    },
    "home_denoising_after": {
        "en": "It cannot learn to copy, so it learns what digits look like and projects the noisy image "
              "back onto them. Its **reconstruction error** against the clean image (MSE, or PSNR in dB) "
              "measures how much noise it removed.",
        "ko": "그대로 복사하는 법을 배울 수 없으므로 숫자가 어떻게 생겼는지를 배우고, 잡음 섞인 이미지를 "
              "그쪽으로 되돌려 놓습니다. 깨끗한 이미지와 비교한 **재구성 오차**(MSE 또는 dB 단위 PSNR)가 "
              "얼마나 많은 잡음을 제거했는지를 보여 줍니다.",
    },
    "home_conv": {
        "en": "**Convolutional autoencoder.** The encoder uses convolutions — small filters slid over the "
              "image, shared by every position — and halves the resolution with strided convolutions "
              "(28 → 14 → 7); the decoder mirrors it with transposed convolutions (7 → 14 → 28). "
              "Sharing the filters across positions suits images: far fewer weights per layer than a "
              "fully connected layer, and a stroke is recognised wherever it is.",
        "ko": "**합성곱 오토인코더.** 인코더는 합성곱을 사용합니다. 작은 필터를 이미지 위에서 밀며 모든 "
              "위치가 같은 필터를 공유하고, 보폭(stride) 2의 합성곱으로 해상도를 절반씩 줄입니다(28 → 14 → 7). "
              "디코더는 전치 합성곱으로 이를 거꾸로 합니다(7 → 14 → 28). 위치마다 필터를 공유하므로 "
              "이미지에 잘 맞습니다. 완전 연결층보다 가중치가 훨씬 적고, 획이 어디에 있든 알아봅니다.",
    },
    "home_vae": {
        "en": "**Variational autoencoder (VAE).** The encoder gives, for every latent feature, a **mean** "
              "$\\mu$ and a **variance** $\\sigma^2$ instead of one number: each image becomes a small "
              "Gaussian cloud $q(z\\mid x) = \\mathcal{N}(\\mu(x), \\operatorname{diag}\\sigma^2(x))$. "
              "Training decodes a sample $z = \\mu + \\sigma\\,\\varepsilon$ from that cloud and pulls "
              "every cloud towards the prior $p(z) = \\mathcal{N}(0, I)$. It maximises the **evidence "
              "lower bound (ELBO)** on the log-likelihood of the data:",
        "ko": "**변분 오토인코더(VAE).** 인코더가 잠재 특성마다 수 하나 대신 **평균** $\\mu$와 **분산** "
              "$\\sigma^2$를 내놓습니다. 그래서 각 이미지는 작은 가우시안 구름 "
              "$q(z\\mid x) = \\mathcal{N}(\\mu(x), \\operatorname{diag}\\sigma^2(x))$이 됩니다. 학습할 때는 "
              "이 구름에서 뽑은 $z = \\mu + \\sigma\\,\\varepsilon$을 디코딩하고, 모든 구름을 사전 분포 "
              "$p(z) = \\mathcal{N}(0, I)$ 쪽으로 끌어당깁니다. 데이터 로그 가능도의 **증거 하한**(ELBO)을 "
              "최대화합니다:",
    },
    "home_vae_after": {
        "en": "The first term rewards good reconstructions; the KL term keeps the codes close to "
              "$\\mathcal{N}(0, I)$. **How this differs from a plain autoencoder:** an AE maps each "
              "image to one point, and the space between points means nothing — decode a spot in a gap "
              "and you get a smudge. A VAE fills the latent space with overlapping clouds shaped like "
              "the prior, so it is a **distribution you can sample new data from**: draw "
              "$z \\sim \\mathcal{N}(0, I)$ and decode it. The price is blurrier reconstructions.",
        "ko": "첫째 항은 좋은 재구성에 보상을 주고, KL 항은 코드를 $\\mathcal{N}(0, I)$ 가까이에 "
              "붙잡아 둡니다. **일반 오토인코더와의 차이:** AE는 각 이미지를 한 점으로 보내며, 점 사이 "
              "공간에는 의미가 없습니다. 빈틈을 디코딩하면 얼룩이 나옵니다. VAE는 사전 분포 모양으로 "
              "겹치는 구름들로 잠재 공간을 채우므로, **새 데이터를 뽑을 수 있는 분포**가 됩니다. "
              "$z \\sim \\mathcal{N}(0, I)$를 뽑아 디코딩하면 됩니다. 대신 재구성은 더 흐릿해집니다.",
    },
    "home_vae_likelihood": {
        "en": "**How good is a VAE's likelihood here?** `{name}` ({architecture}, trained on dynamically "
              "binarised MNIST) gives the binarised test images $-\\log p(x) = {nll:.2f}$ nats on average "
              "(importance sampling with k = {samples:,} draws of $q(z \\mid x)$ per image, over {images:,} "
              "images; standard error {error:.2f}); its ELBO, one draw each, is {elbo:.2f}. Published VAEs on "
              "binarised MNIST: {references} — lower is better.",
        "ko": "**이 앱의 VAE 가능도는 어느 정도일까?** `{name}`({architecture}, 동적으로 이진화한 MNIST로 학습)은 "
              "이진화한 테스트 이미지에서 평균 $-\\log p(x) = {nll:.2f}$ nats를 냅니다(이미지마다 "
              "$q(z \\mid x)$에서 k = {samples:,}개를 뽑는 중요도 샘플링, {images:,}장, 표준오차 {error:.2f}). "
              "한 번 뽑은 ELBO로는 {elbo:.2f}입니다. 이진화 MNIST에서 발표된 VAE 값: {references} — 낮을수록 "
              "좋습니다.",
    },
    "home_uses_title": {"en": "Three uses", "ko": "세 가지 쓰임"},
    "home_use_features": {
        "en": "**Feature extraction.** The code is a compact description of the image, learned without "
              "labels: cluster it, plot it, or feed it to a small classifier.",
        "ko": "**특징 추출.** 코드는 레이블 없이 학습한 이미지의 압축된 설명입니다. 군집화하거나, 그려 "
              "보거나, 작은 분류기에 넣을 수 있습니다.",
    },
    "home_use_generation": {
        "en": "**Generation.** Decode codes that belong to no image: samples from a VAE's prior, walks "
              "between two images, sliders on each latent feature.",
        "ko": "**생성.** 어떤 이미지에도 속하지 않는 코드를 디코딩합니다. VAE 사전 분포에서 뽑은 표본, 두 "
              "이미지 사이의 보간, 잠재 특성마다의 슬라이더.",
    },
    "home_use_anomalies": {
        "en": "**Anomaly detection.** A model trained on normal data rebuilds normal inputs well and "
              "unusual ones badly: a high reconstruction error flags an anomaly (a convolutional AE "
              "reaches a mean AUROC of about 0.90 on one-class MNIST, Ruff et al. 2018). Removing noise "
              "works the same way, in reverse.",
        "ko": "**이상 탐지.** 정상 데이터로 학습한 모델은 정상 입력은 잘, 낯선 입력은 못 재구성합니다. "
              "재구성 오차가 크면 이상으로 표시합니다(합성곱 AE는 단일 클래스 MNIST에서 평균 AUROC 약 0.90, "
              "Ruff et al. 2018). 잡음 제거도 같은 원리를 반대로 쓴 것입니다.",
    },
    "home_link_map": {"en": "Latent map", "ko": "잠재 공간 지도"},
    "home_link_features": {"en": "Features", "ko": "특징"},
    "home_link_generate": {"en": "Generate", "ko": "생성"},
    "home_link_denoise": {"en": "Denoise", "ko": "잡음 제거"},
    "home_link_anomalies": {"en": "Anomalies", "ko": "이상 탐지"},
    "home_model_title": {"en": "The selected model", "ko": "선택한 모델"},
    "home_model_summary": {
        "en": "**{family}** trained on **{dataset}** ({images}) · code of **{latent}** numbers · {params:,} weights · "
              "{headline}. {description}",
        "ko": "**{dataset}**({images})로 학습한 **{family}** · 코드 **{latent}**개의 수 · 가중치 {params:,}개 · "
              "{headline}. {description}",
    },
    "home_images_grey": {"en": "{h}×{w} grey images", "ko": "{h}×{w} 흑백 이미지"},
    "home_images_colour": {"en": "{h}×{w} colour images", "ko": "{h}×{w} 컬러 이미지"},
    "home_grey_note": {
        "en": "Trained in grey: its dataset's pictures are in colour, and were turned grey because that was "
              "asked for when it was trained.",
        "ko": "흑백으로 학습했습니다: 데이터셋의 그림은 컬러이지만, 학습할 때 요청한 대로 흑백으로 바꿨습니다.",
    },
    "home_desc_ae": {
        "en": "Plain autoencoder: one hidden layer in the encoder and in the decoder.",
        "ko": "기본 오토인코더: 인코더와 디코더에 은닉층이 하나씩 있습니다.",
    },
    "home_desc_stacked_ae": {
        "en": "Stacked (deep) autoencoder: several hidden layers on each side.",
        "ko": "적층(깊은) 오토인코더: 양쪽에 은닉층이 여러 개 있습니다.",
    },
    "home_desc_conv_ae": {
        "en": "Convolutional autoencoder: strided convolutions in, transposed convolutions out.",
        "ko": "합성곱 오토인코더: 보폭 있는 합성곱으로 줄이고, 전치 합성곱으로 되살립니다.",
    },
    "home_desc_vae": {
        "en": "Variational autoencoder (MLP): the encoder gives a mean and variance per latent unit.",
        "ko": "변분 오토인코더(MLP): 인코더가 잠재 단위마다 평균과 분산을 내놓습니다.",
    },
    "home_desc_conv_vae": {
        "en": "Convolutional VAE: a mean and variance per latent unit from a conv encoder.",
        "ko": "합성곱 VAE: 합성곱 인코더가 잠재 단위마다 평균과 분산을 내놓습니다.",
    },
    "home_diagram_caption": {
        "en": "Each box is a layer; its height follows the square root of how many numbers the layer "
              "outputs. Hover a box for its shape and weights. Activations and batch norm, which keep "
              "the shape, are left out.",
        "ko": "상자 하나가 층 하나이며, 높이는 그 층이 내놓는 수의 개수의 제곱근을 따릅니다. 상자에 "
              "마우스를 올리면 모양과 가중치 수가 보입니다. 모양을 바꾸지 않는 활성화 함수와 배치 정규화는 "
              "생략했습니다.",
    },
    "home_encoder": {"en": "Encoder", "ko": "인코더"},
    "home_code": {"en": "Code", "ko": "코드"},
    "home_decoder": {"en": "Decoder", "ko": "디코더"},
    "home_layers": {"en": "Layer table", "ko": "층 표"},
    "home_recon_title": {"en": "Its reconstructions", "ko": "이 모델의 재구성"},
    "home_recon_caption": {
        "en": "Top: test images it never trained on. Bottom: decoder(encoder(x)). Mean squared error "
              "per pixel of these {n}: {mse:.4f}.",
        "ko": "위: 학습에 쓰지 않은 테스트 이미지. 아래: decoder(encoder(x)). 이 {n}개의 픽셀당 평균 제곱 "
              "오차: {mse:.4f}.",
    },
}
