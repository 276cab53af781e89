"""Texts of the Generate page, in English and Korean."""

from app_ui.common.i18n import register

register({
    "gen_title": {"en": "Generate: steer the decoder", "ko": "생성: 디코더 조종하기"},
    "gen_intro": {
        "en": "Every image below is produced by the decoder from a short vector of numbers, the latent code. "
              "Start from a real image's code, move the sliders and watch which features each number controls.",
        "ko": "아래의 모든 이미지는 디코더가 짧은 숫자 벡터(잠재 코드)로부터 만든 것입니다. "
              "실제 이미지의 코드에서 시작해 슬라이더를 움직이며 각 숫자가 어떤 특징을 조절하는지 살펴보세요.",
    },
    "gen_live_intro": {
        "en": "Drag any slider: the decoder runs in your browser, so the image follows your hand. "
              "When you let go, the code is sent back to the app (shown below).",
        "ko": "슬라이더를 드래그해 보세요. 디코더가 브라우저에서 실행되므로 이미지가 손을 따라 바뀝니다. "
              "손을 놓으면 코드가 앱으로 전달됩니다(아래 표시).",
    },
    "gen_live_fallback": {
        "en": "The browser cannot run this model's decoder ({why}), so these sliders are decoded on the "
              "server: each move waits for the app.",
        "ko": "브라우저에서 이 모델의 디코더를 실행할 수 없어({why}) 이 슬라이더는 서버에서 디코딩됩니다. "
              "움직일 때마다 앱의 응답을 기다립니다.",
    },
    "gen_live_released": {"en": "Code at the last release", "ko": "마지막으로 손을 뗐을 때의 코드"},
    "gen_live_neighbours": {
        "en": "The 8 real test images with the nearest codes (nearest at distance {d:.2f}; typical gap {s:.2f})",
        "ko": "코드가 가장 가까운 실제 테스트 이미지 8개 (가장 가까운 거리 {d:.2f}; 보통 간격 {s:.2f})",
    },
    "gen_live_dims": {"en": "Latent dimensions (most important first)", "ko": "잠재 차원 (중요한 순서)"},
    "gen_live_pcs": {"en": "Principal directions", "ko": "주성분 방향"},
    "gen_live_reset": {"en": "Reset all", "ko": "모두 초기화"},
    "gen_live_note": {"en": "decoded in your browser while you drag", "ko": "드래그하는 동안 브라우저에서 디코딩"},
    "gen_live_loading": {"en": "loading the decoder…", "ko": "디코더를 불러오는 중…"},
    "gen_live_failed": {"en": "the browser could not run this decoder:",
                        "ko": "브라우저에서 이 디코더를 실행하지 못했습니다:"},
    "gen_live_distance": {"en": "distance to nearest real code:", "ko": "가장 가까운 실제 코드까지 거리:"},
    "gen_live_typical": {"en": "typical:", "ko": "보통:"},
    "gen_tab_edit": {"en": "Edit the code", "ko": "코드 편집"},
    "gen_tab_beta": {"en": "β explorer", "ko": "β 탐색"},
    "gen_ellipse": {"en": "posterior mean ± 1 s.d.", "ko": "사후분포 평균 ± 1 표준편차"},
    "gen_beta_intro": {
        "en": "A β-VAE weighs the KL term by β. Small β: the code carries more information (higher rate), "
              "reconstructions are sharper (lower distortion). Large β: the code is pushed towards the prior, "
              "fewer latent units stay active, reconstructions blur. Move β to swap between the trained models.",
        "ko": "β-VAE는 KL 항에 β를 곱합니다. β가 작으면 코드가 더 많은 정보를 담아(높은 rate) 복원이 선명해지고"
              "(낮은 distortion), β가 크면 코드가 사전분포 쪽으로 밀려 활성 잠재 단위가 줄고 복원이 흐려집니다. "
              "β를 움직여 학습된 모델들을 바꿔 보세요.",
    },
    "gen_beta_none": {
        "en": "No β sweep is available for this model: it needs VAEs of the same family, data and latent size "
              "trained with different β (e.g. `python -m ae_models.train --model conv_vae --dataset mnist --beta 4`).",
        "ko": "이 모델에는 β 스윕이 없습니다. 같은 종류·데이터·잠재 크기에 β만 다르게 학습한 VAE가 필요합니다 "
              "(예: `python -m ae_models.train --model conv_vae --dataset mnist --beta 4`).",
    },
    "gen_beta_slider": {"en": "β (KL weight)", "ko": "β (KL 가중치)"},
    "gen_beta_plain_sweep": {
        "en": "This model also penalises its code's total correlation (β-TCVAE, TC×{w:g}); the sweep below is of "
              "the plain β-VAEs trained on the same images. Its own point is on the figure at the bottom.",
        "ko": "이 모델은 코드의 총 상관에도 벌점을 줍니다(β-TCVAE, TC×{w:g}). 아래 스윕은 같은 이미지로 학습한 "
              "일반 β-VAE들이며, 이 모델의 점은 맨 아래 그림에 있습니다.",
    },
    "gen_beta_rate": {"en": "Rate: KL(q(z|x) ‖ p(z)), nats", "ko": "Rate: KL(q(z|x) ‖ p(z)), nats"},
    "gen_beta_distortion": {"en": "Distortion: reconstruction −log p(x|z), nats",
                            "ko": "Distortion: 복원 −log p(x|z), nats"},
    "gen_beta_active": {"en": "Active latent units (of {d})", "ko": "활성 잠재 단위 ({d}개 중)"},
    "gen_beta_recon": {"en": "The start image reconstructed at each β", "ko": "β별 시작 이미지 복원"},
    "gen_beta_samples": {"en": "Prior samples at β = {b:g}", "ko": "β = {b:g}에서의 사전분포 샘플"},
    "gen_tab_interp": {"en": "Interpolate", "ko": "보간"},
    "gen_tab_attr": {"en": "Attribute vectors", "ko": "속성 벡터"},
    "gen_tab_trav": {"en": "Traversals", "ko": "차원 탐색"},
    "gen_tab_sample": {"en": "Sampling", "ko": "샘플링"},
    "gen_tab_uncert": {"en": "VAE uncertainty", "ko": "VAE 불확실성"},
    "gen_start": {"en": "Start from", "ko": "시작점"},
    "gen_start_image": {"en": "a test image", "ko": "테스트 이미지"},
    "gen_start_prior": {"en": "a prior sample", "ko": "사전분포 샘플"},
    "gen_start_zero": {"en": "the zero code", "ko": "영벡터"},
    "gen_class": {"en": "Class", "ko": "클래스"},
    "gen_any_class": {"en": "any", "ko": "전체"},
    "gen_index": {"en": "Image number", "ko": "이미지 번호"},
    "gen_random": {"en": "🎲 Random", "ko": "🎲 무작위"},
    "gen_seed": {"en": "Seed", "ko": "시드"},
    "gen_input": {"en": "Input image", "ko": "입력 이미지"},
    "gen_decoded": {"en": "Decoded from the edited code", "ko": "편집한 코드의 디코딩 결과"},
    "gen_reset_all": {"en": "↺ Reset all", "ko": "↺ 모두 초기화"},
    "gen_reset_one": {"en": "Back to the start value", "ko": "시작 값으로 되돌리기"},
    "gen_dims": {"en": "Latent dimensions, most important first", "ko": "잠재 차원 (중요한 순서)"},
    "gen_dims_help_ae": {"en": "variance over the sample: {score:.3g}", "ko": "샘플 전체의 분산: {score:.3g}"},
    "gen_dims_help_vae": {"en": "average KL of this unit: {score:.3g} nats (≈ 0: unused)",
                          "ko": "이 유닛의 평균 KL: {score:.3g} nats (≈ 0이면 사용되지 않음)"},
    "gen_too_many": {"en": "This model has {d} latent dimensions: too many for one slider each "
                           "(up to {max}). Use the principal directions below.",
                     "ko": "이 모델의 잠재 차원은 {d}개로, 차원마다 슬라이더를 두기에는 너무 많습니다 "
                           "(최대 {max}개). 아래의 주성분 방향을 사용하세요."},
    "gen_pcs": {"en": "Principal directions (GANSpace): move along the main axes of the data's codes, "
                      "in standard deviations",
                "ko": "주성분 방향 (GANSpace): 데이터 코드의 주요 축을 따라 표준편차 단위로 이동"},
    "gen_pc_help": {"en": "explains {share:.0%} of the codes' variance",
                    "ko": "코드 분산의 {share:.0%}를 설명"},
    "gen_download_png": {"en": "⬇ Image (PNG)", "ko": "⬇ 이미지 (PNG)"},
    "gen_download_z": {"en": "⬇ Latent vector (CSV)", "ko": "⬇ 잠재 벡터 (CSV)"},
    "gen_latent": {"en": "Current latent vector", "ko": "현재 잠재 벡터"},
    "gen_ghost": {"en": "Where the edited code lies: the sample's codes on their PCA plane, the trail "
                        "from the start (ring), and the ghost (red dot).",
                  "ko": "편집한 코드의 위치: 샘플 코드들의 PCA 평면, 시작점(고리)에서의 궤적, "
                        "그리고 유령 점(빨간 점)."},
    "gen_distance": {"en": "Distance to the nearest real code: **{d:.3g}** (real codes are typically "
                           "{s:.3g} apart, so this is {r:.1f}× the usual gap).",
                     "ko": "가장 가까운 실제 코드까지의 거리: **{d:.3g}** (실제 코드 사이의 전형적인 간격은 "
                           "{s:.3g}, 즉 보통 간격의 {r:.1f}배)."},
    "gen_far": {"en": "The code is far from every real code: the decoder is extrapolating, expect odd images.",
                "ko": "코드가 모든 실제 코드에서 멀리 떨어져 있습니다. 디코더가 외삽하고 있으니 이상한 이미지가 "
                      "나올 수 있습니다."},
    "gen_link_other": {"en": "This link was made with the model **{model}**.",
                       "ko": "이 링크는 **{model}** 모델로 만들어졌습니다."},
    "gen_link_open": {"en": "Open it", "ko": "그 모델 열기"},
    "gen_link_missing": {"en": "This link names the model {model}, which is not available here.",
                         "ko": "이 링크의 모델 {model}을(를) 여기서 사용할 수 없습니다."},
    "gen_share": {"en": "The address bar holds this code: copy the link to share exactly this image.",
                  "ko": "주소창에 이 코드가 담겨 있습니다. 링크를 복사하면 이 이미지를 그대로 공유할 수 있습니다."},
    # known factors (shapes)
    "gen_tab_factors": {"en": "Known factors", "ko": "알려진 요인"},
    "gen_dims_factors": {"en": "Latent dimensions, labelled with the factor each knows most about (share of it, "
                               "normalised MI), most telling first",
                         "ko": "잠재 차원: 각 차원이 가장 많이 아는 요인과 그 비율(정규화 MI), 가장 뚜렷한 차원부터"},
    "gen_factors_intro": {
        "en": "These images were rendered from 7 known factors (shape, the two hues, scale, rotation, x and y "
              "position), so we can ask what each latent number encodes. A disentangled code gives each factor its "
              "own dimension: moving that one slider changes that one factor and nothing else. The share below is "
              "the mutual information between a dimension and a factor divided by the factor's entropy: 1 means the "
              "dimension alone pins the factor down, 0 that it says nothing about it.",
        "ko": "이 이미지들은 알려진 7개 요인(모양, 두 가지 색상, 크기, 회전, x·y 위치)으로 그려졌기 때문에 "
              "각 잠재 숫자가 무엇을 담는지 물어볼 수 있습니다. 분리된(disentangled) 코드는 요인마다 자기 차원을 "
              "하나씩 줍니다. 그 슬라이더 하나를 움직이면 그 요인 하나만 바뀌고 나머지는 그대로입니다. 아래의 "
              "비율은 차원과 요인 사이의 상호정보량을 요인의 엔트로피로 나눈 값으로, 1이면 그 차원만으로 요인이 "
              "정해지고 0이면 아무 정보도 없다는 뜻입니다.",
    },
    "gen_factors_mig_help": {
        "en": "Mutual information gap (Chen et al. 2018): for each factor, the share held by the best dimension minus "
              "the second best, averaged over factors. 1: every factor lives in exactly one dimension.",
        "ko": "상호정보 격차(MIG, Chen et al. 2018): 요인마다 가장 많이 아는 차원의 비율에서 두 번째 차원의 비율을 뺀 "
              "값의 평균. 1이면 모든 요인이 정확히 한 차원에만 담깁니다.",
    },
    "gen_factors_dci_disentanglement": {"en": "DCI disentanglement", "ko": "DCI 분리도"},
    "gen_factors_dci_disentanglement_help": {
        "en": "Eastwood & Williams 2018: how much each dimension concentrates on a single factor (random-forest "
              "importances), weighted by the dimension's importance.",
        "ko": "Eastwood & Williams 2018: 각 차원이 한 요인에 얼마나 집중하는지(랜덤 포레스트 중요도), 차원의 중요도로 "
              "가중 평균.",
    },
    "gen_factors_dci_completeness": {"en": "DCI completeness", "ko": "DCI 완전성"},
    "gen_factors_dci_completeness_help": {
        "en": "How much each factor is captured by a single dimension rather than spread over several.",
        "ko": "각 요인이 여러 차원에 흩어지지 않고 한 차원에 얼마나 담기는지.",
    },
    "gen_factors_dci_informativeness": {"en": "DCI informativeness", "ko": "DCI 정보성"},
    "gen_factors_dci_informativeness_help": {
        "en": "Held-out accuracy of predicting each factor from the whole code: whether the information is there "
              "at all, tangled or not.",
        "ko": "전체 코드로 각 요인을 예측한 검증 정확도: 얽혀 있든 아니든 정보가 코드에 들어 있는지.",
    },
    "gen_factors_from_card": {"en": "Scores from the model's card (the full test split).",
                              "ko": "모델 카드에 기록된 점수 (테스트 분할 전체)."},
    "gen_factors_measured": {"en": "The card has no scores: measured here on the first {n:,} test images.",
                             "ko": "카드에 점수가 없어 여기서 첫 {n:,}개 테스트 이미지로 측정했습니다."},
    "gen_factors_share": {"en": "share", "ko": "비율"},
    "gen_factors_heatmap": {
        "en": "Each cell: the share of a factor (column) that a latent dimension (row) knows. A disentangled model "
              "shows one bright cell per column, in different rows; an entangled one smears each factor over "
              "several rows. Rows are in the sliders' order.",
        "ko": "각 칸: 잠재 차원(행)이 요인(열)에 대해 아는 비율. 잘 분리된 모델은 열마다 밝은 칸이 하나씩, "
              "서로 다른 행에 있고, 얽힌 모델은 한 요인이 여러 행에 번져 있습니다. 행은 슬라이더 순서입니다.",
    },
    "gen_factors_traverse": {"en": "Traverse a factor", "ko": "요인 따라 이동하기"},
    "gen_factors_traverse_intro": {
        "en": "Each row starts from the start code and sweeps the one dimension that knows most about the factor, "
              "from −3 to +3 standard deviations (reversed where the factor's value falls along the dimension, so "
              "that ordered factors grow left to right). In a disentangled model only that factor changes along "
              "the row.",
        "ko": "각 행은 시작 코드에서 출발해 그 요인을 가장 많이 아는 차원 하나를 −3에서 +3 표준편차까지 움직입니다 "
              "(그 차원을 따라 요인 값이 줄어드는 경우에는 거꾸로 움직여, 순서가 있는 요인이 왼쪽에서 오른쪽으로 "
              "커지게 합니다). 잘 분리된 모델이라면 행을 따라 그 요인만 바뀝니다.",
    },
    "gen_factors_pick": {"en": "Factors", "ko": "요인"},
    "gen_factors_row": {"en": "{factor}: z{dim} (share {share:.2f}) from {start} to {end}",
                        "ko": "{factor}: z{dim} (비율 {share:.2f}), {start}에서 {end}까지"},
    "gen_tradeoff_title": {"en": "Disentanglement against reconstruction", "ko": "분리도와 복원 오차"},
    "gen_tradeoff_intro": {
        "en": "Why β matters: a larger β presses the code harder towards the prior's independent Gaussian "
              "dimensions, which pushes each factor into its own dimension (higher MIG) but lets less information "
              "through, so reconstructions blur (higher error). β alone cannot pick the axes for two factors that "
              "change the image alike: x and y coded along any two turned directions of their plane cost the same "
              "KL and reconstruct the same, so a β-VAE settles on a turn by chance. A β-TCVAE (TC×) also penalises "
              "the code's total correlation, which is lowest when each factor has an axis of its own. Each point "
              "is a checkpoint trained on these images (a plain AE, then VAEs by β), scored on the test split; the "
              "ring is the selected model.",
        "ko": "β가 중요한 이유: β가 클수록 코드가 사전분포의 서로 독립인 가우시안 차원 쪽으로 더 강하게 눌려, "
              "요인마다 자기 차원을 갖게 되지만(높은 MIG) 통과하는 정보가 줄어 복원이 흐려집니다(높은 오차). 다만 "
              "β만으로는 이미지를 같은 방식으로 바꾸는 두 요인의 축을 정할 수 없습니다. x와 y를 그 평면에서 어느 "
              "방향으로 돌려 코딩해도 KL과 복원이 같아서, β-VAE는 우연히 정해진 방향에 머뭅니다. β-TCVAE(TC×)는 "
              "코드의 총 상관(total correlation)에도 벌점을 주는데, 이 값은 요인마다 자기 축을 가질 때 가장 "
              "작습니다. 각 점은 이 이미지로 학습한 체크포인트(일반 AE, 그리고 β별 VAE)를 테스트 분할로 평가한 "
              "것이고, 고리는 선택한 모델입니다.",
    },
    "gen_tradeoff_error": {"en": "Reconstruction error: test MSE per pixel", "ko": "복원 오차: 픽셀당 테스트 MSE"},
    # interpolation
    "gen_interp_intro": {
        "en": "Walk in a straight line (or along a great circle: slerp) from one image's code to another's. "
              "Each step is decoded; its distance to the nearest real code shows whether the path stays "
              "where the data is.",
        "ko": "한 이미지의 코드에서 다른 이미지의 코드까지 직선으로 (또는 대원을 따라: slerp) 이동합니다. "
              "각 단계를 디코딩하며, 가장 가까운 실제 코드까지의 거리로 경로가 데이터 근처에 머무는지 보여줍니다.",
    },
    "gen_from": {"en": "From image", "ko": "시작 이미지"},
    "gen_to": {"en": "To image", "ko": "끝 이미지"},
    "gen_steps": {"en": "Steps", "ko": "단계 수"},
    "gen_method": {"en": "Path", "ko": "경로"},
    "gen_linear": {"en": "linear", "ko": "선형"},
    "gen_slerp": {"en": "spherical (slerp)", "ko": "구면 (slerp)"},
    "gen_recon": {"en": "reconstruction", "ko": "재구성"},
    "gen_path": {"en": "path", "ko": "경로"},
    "gen_step_dist": {"en": "Distance of each step to the nearest real code",
                      "ko": "각 단계에서 가장 가까운 실제 코드까지의 거리"},
    "gen_step": {"en": "step", "ko": "단계"},
    "gen_typical": {"en": "typical gap between real codes", "ko": "실제 코드 사이의 전형적 간격"},
    # attributes
    "gen_attr_intro": {
        "en": "An attribute vector is the difference between two class means, e.g. mean(8) − mean(3). "
              "Added to a 3's code it should turn the 3 into something 8-like; the strength scales it.",
        "ko": "속성 벡터는 두 클래스 평균의 차이입니다. 예: 평균(8) − 평균(3). 3의 코드에 더하면 3이 8처럼 "
              "바뀌어야 하며, 세기로 크기를 조절합니다.",
    },
    "gen_attr_source": {"en": "From class", "ko": "원래 클래스"},
    "gen_attr_target": {"en": "To class", "ko": "목표 클래스"},
    "gen_strength": {"en": "Strength", "ko": "세기"},
    "gen_attr_image": {"en": "Image of the source class", "ko": "원래 클래스의 이미지"},
    "gen_arith": {"en": "Latent arithmetic: A − B + C", "ko": "잠재 산술: A − B + C"},
    # the vector handed over by the Latent Map
    "gen_map_vector_title": {"en": "From the Latent Map: {label}", "ko": "잠재 공간 지도에서: {label}"},
    "gen_map_vector_intro": {
        "en": "The mean code of selection B minus the mean code of selection A, both drawn on the map, added "
              "to the start code with growing strength: the picture should move from A's look towards B's.",
        "ko": "지도에서 고른 선택 B의 평균 코드에서 선택 A의 평균 코드를 뺀 벡터를 시작 코드에 점점 세게 "
              "더합니다. 그림이 A의 모습에서 B의 모습 쪽으로 바뀌어야 합니다.",
    },
    "gen_map_vector_other": {
        "en": "The Latent Map handed over a vector {label} made with the model {model}: select that model to "
              "apply it.",
        "ko": "잠재 공간 지도가 모델 {model}로 만든 벡터 {label}를 넘겨주었습니다. 적용하려면 그 모델을 "
              "고르세요.",
    },
    "gen_map_vector_dismiss": {"en": "Dismiss this vector", "ko": "이 벡터 닫기"},
    "gen_result": {"en": "result", "ko": "결과"},
    # traversal
    "gen_trav_intro": {
        "en": "Each row sweeps one latent dimension from −3 to +3 standard deviations around its mean while "
              "the other numbers keep the start code's values. Rows are the most important dimensions.",
        "ko": "각 행은 다른 숫자들을 시작 코드 값으로 고정한 채, 잠재 차원 하나를 평균 기준 −3에서 +3 표준편차까지 "
              "움직입니다. 행은 가장 중요한 차원들입니다.",
    },
    "gen_trav_rows": {"en": "Dimensions to show", "ko": "표시할 차원 수"},
    "gen_trav_steps": {"en": "Columns", "ko": "열 수"},
    # sampling
    "gen_sample_intro": {
        "en": "Draw random codes from N(0, I) and decode them. A VAE is trained so that its codes fill this "
              "Gaussian: its samples look like data. A plain AE's codes sit wherever training put them, so the "
              "same random codes mostly land in empty space and decode to blur.",
        "ko": "N(0, I)에서 무작위 코드를 뽑아 디코딩합니다. VAE는 코드가 이 가우시안을 채우도록 학습되므로 "
              "샘플이 데이터처럼 보입니다. 일반 AE의 코드는 학습이 놓은 곳에만 있으므로, 같은 무작위 코드가 "
              "대부분 빈 공간에 떨어져 흐릿한 이미지가 됩니다.",
    },
    "gen_temperature": {"en": "Temperature (scale of the codes)", "ko": "온도 (코드의 크기)"},
    "gen_sample_seed": {"en": "Seed", "ko": "시드"},
    "gen_no_partner": {"en": "No {kind} with the same dataset and latent size ({d}) is available to compare.",
                       "ko": "비교할 같은 데이터셋과 잠재 크기({d})의 {kind}가 없습니다."},
    "gen_kind_vae": {"en": "VAE", "ko": "VAE"},
    "gen_kind_ae": {"en": "plain AE", "ko": "일반 AE"},
    # uncertainty
    "gen_uncert_intro": {
        "en": "A VAE's encoder returns a distribution, not a point: a mean and a standard deviation per "
              "dimension. Decoding samples from it shows what the model is unsure about; the variance image "
              "lights up where the samples disagree.",
        "ko": "VAE의 인코더는 점이 아니라 분포(차원마다 평균과 표준편차)를 내놓습니다. 이 분포에서 뽑은 샘플을 "
              "디코딩하면 모델이 무엇을 확신하지 못하는지 보이며, 분산 이미지는 샘플들이 서로 다른 곳에서 "
              "밝아집니다.",
    },
    "gen_uncert_only_vae": {"en": "Pick a VAE in the sidebar to see its uncertainty.",
                            "ko": "불확실성을 보려면 사이드바에서 VAE를 선택하세요."},
    "gen_uncert_k": {"en": "Posterior samples K", "ko": "사후분포 샘플 수 K"},
    "gen_posterior": {"en": "Posterior mean ± s.d. per dimension (the prior is 0 ± 1)",
                      "ko": "차원별 사후분포 평균 ± 표준편차 (사전분포는 0 ± 1)"},
    "gen_samples": {"en": "Decoded posterior samples", "ko": "디코딩된 사후분포 샘플"},
    "gen_pixel_var": {"en": "Per-pixel variance (brightest = {v:.3g})", "ko": "픽셀별 분산 (가장 밝은 값 = {v:.3g})"},
    "gen_uses_start": {"en": "Uses the test image chosen in the first tab.",
                       "ko": "첫 번째 탭에서 고른 테스트 이미지를 사용합니다."},
})
