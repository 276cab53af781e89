"""Texts of the Latent Map page in English and Korean (`app_ui.common.i18n.register(TEXTS)`)."""

TEXTS: dict[str, dict[str, str]] = {
    "map_title": {"en": "Latent map", "ko": "잠재 공간 지도"},
    "map_intro": {
        "en": "Every image of the chosen set (the shipped test sample, the whole test split, or train + "
              "test), encoded to its latent code and laid out on a map. Images the model finds alike land "
              "close together: the classes form clusters although the autoencoder never saw a label. Hover "
              "a point to see its image and reconstruction.",
        "ko": "고른 이미지 집합(함께 제공되는 테스트 샘플, 테스트 분할 전체, 또는 학습 + 테스트)의 모든 이미지를 "
              "잠재 코드로 인코딩해 지도 위에 펼쳤습니다. 모델이 비슷하다고 여기는 이미지는 가까이 놓입니다. "
              "오토인코더는 레이블을 한 번도 보지 않았지만 클래스가 군집을 이룹니다. 점에 마우스를 올리면 "
              "이미지와 재구성이 보입니다.",
    },
    "map_points": {"en": "Points", "ko": "점"},
    "map_points_sample": {"en": "Sample", "ko": "샘플"},
    "map_points_test": {"en": "Test split", "ko": "테스트 분할"},
    "map_points_all": {"en": "Train + test", "ko": "학습 + 테스트"},
    "map_points_help": {
        "en": "Which images the map shows: the shipped sample of the test split (works offline), the whole "
              "test split, or every image of the training and test splits. A whole set is encoded once in "
              "the background, with its thumbnails and its t-SNE/UMAP maps; they are kept on disk, so the "
              "next visit (also after a restart) is instant. The choice is in the page's address: a link "
              "reopens the same map.",
        "ko": "지도에 보일 이미지: 함께 제공되는 테스트 샘플(오프라인에서도 됨), 테스트 분할 전체, 또는 학습과 "
              "테스트 분할의 모든 이미지. 전체 집합은 백그라운드에서 한 번 인코딩하며 썸네일과 t-SNE/UMAP "
              "지도도 함께 만듭니다. 디스크에 보관하므로 다음 방문(재시작 후에도)은 바로 열립니다. 선택은 페이지 "
              "주소에 들어가므로 링크로 같은 지도를 다시 열 수 있습니다.",
    },
    "map_points_missing": {
        "en": "The whole {name} splits are not in the data folder ({folder}): run `{command}` on a machine with "
              "internet, or point AE_DATA_DIR at a folder that has {name}/ in it, to map every image.",
        "ko": "데이터 폴더({folder})에 {name} 분할 전체가 없습니다. 모든 이미지를 지도에 그리려면 인터넷이 되는 "
              "컴퓨터에서 `{command}`를 실행하거나, {name}/ 폴더가 들어 있는 폴더를 AE_DATA_DIR로 지정하세요.",
    },
    "map_points_missing_user": {
        "en": "This model's images are not at {folder} any more: the map shows the sample.",
        "ko": "이 모델의 이미지가 더 이상 {folder}에 없어 지도는 샘플을 보여 줍니다.",
    },
    "map_points_link": {
        "en": "The link asks for the map of the {points}, whose images are not in this server's data folder: "
              "the map shows the sample.",
        "ko": "링크가 {points} 지도를 요청했지만 이 서버의 데이터 폴더에 그 이미지가 없어 샘플을 보여 줍니다.",
    },
    "map_sample_only": {
        "en": "The 3-D map and comparing two models are drawn for the sample.",
        "ko": "3차원 지도와 두 모델 비교는 샘플에서 그립니다.",
    },
    "map_job_intro": {
        "en": "Making the map of {n} images: encoding and decoding each one once (for its code, its "
              "thumbnail, its reconstruction and its error), then the projection. This runs in the "
              "background and is kept on disk; the rest of the app stays usable (the sample's map is one "
              "click away).",
        "ko": "이미지 {n}개의 지도를 만드는 중입니다. 각 이미지를 한 번씩 인코딩·디코딩하고(코드, 썸네일, 재구성, "
              "오차) 투영을 계산합니다. 백그라운드에서 실행되고 디스크에 보관됩니다. 그동안 앱의 다른 부분을 "
              "쓸 수 있습니다(샘플 지도는 클릭 한 번이면 됩니다).",
    },
    "map_job_stage_queued": {"en": "Waiting to start", "ko": "시작 대기 중"},
    "map_job_stage_loading": {"en": "Loading the images", "ko": "이미지 불러오는 중"},
    "map_job_stage_encoding": {"en": "Encoding and decoding", "ko": "인코딩·디코딩 중"},
    "map_job_stage_building": {"en": "Building the thumbnail sheets", "ko": "썸네일 시트 만드는 중"},
    "map_job_stage_read": {"en": "Reading from the cache", "ko": "캐시에서 읽는 중"},
    "map_job_stage_done": {"en": "Done", "ko": "완료"},
    "map_job_failed": {"en": "The map could not be made: {error}", "ko": "지도를 만들 수 없습니다: {error}"},
    "map_job_retry": {"en": "Try again", "ko": "다시 시도"},
    "map_job_stage_neighbours": {"en": "Building the neighbour graph", "ko": "이웃 그래프 만드는 중"},
    "map_job_stage_layout": {"en": "Optimising the layout", "ko": "배치 최적화 중"},
    "map_job_cancel": {"en": "Cancel", "ko": "취소"},
    "map_job_cancelled": {"en": "Making this map was cancelled. Start it again, or choose another point set or "
                                "projection above.",
                          "ko": "이 지도 만들기를 취소했습니다. 다시 시작하거나 위에서 다른 점 집합이나 "
                                "투영 방법을 고르세요."},
    "map_projection": {"en": "Projection", "ko": "투영 방법"},
    "map_3d": {"en": "3-D", "ko": "3차원"},
    "map_3d_help": {
        "en": "A rotatable 3-D map (needs a latent of at least 3 numbers). Picking points and decoding "
              "empty space work on the 2-D map only.",
        "ko": "회전할 수 있는 3차원 지도입니다(잠재 벡터가 3개 이상의 수일 때). 점 선택과 빈 곳 디코딩은 "
              "2차원 지도에서만 됩니다.",
    },
    "map_backdrop": {"en": "Decoded backdrop", "ko": "디코딩 배경"},
    "map_backdrop_help": {
        "en": "Tiles of images decoded on a grid over the map, drawn under the points (dark strokes on "
              "white). With PCA they are exact decodings of the map plane; with t-SNE/UMAP they come "
              "from the nearest-neighbour inverse.",
        "ko": "지도 위 격자점마다 디코딩한 이미지를 점 아래에 깔아 보여 줍니다(흰 바탕에 검은 획). "
              "PCA에서는 지도 평면을 정확히 디코딩한 것이고, t-SNE/UMAP에서는 최근접 이웃 역변환으로 "
              "얻은 것입니다.",
    },
    "map_colour_by": {"en": "Colour the points by", "ko": "점 색칠 기준"},
    "map_colour_class": {"en": "class", "ko": "클래스"},
    "map_colour_help": {
        "en": "These images were rendered from known factors: colour the map by one of them to see which "
              "factors the codes arrange by (a factor in smooth bands is one the code holds; a salt-and-pepper "
              "mix is one it ignores or tangles).",
        "ko": "이 이미지들은 알려진 요인으로 그려졌습니다. 요인 하나로 지도를 색칠하면 코드가 어떤 요인에 따라 "
              "배열되는지 보입니다(매끄러운 띠를 이루면 코드가 담고 있는 요인이고, 뒤섞여 있으면 무시하거나 "
              "얽혀 있는 요인입니다).",
    },
    "map_compare": {"en": "Compare with another model", "ko": "다른 모델과 비교"},
    "map_compare_help": {
        "en": "A second model of the same dataset beside this one, on the same images: a clicked sample "
              "is highlighted on both maps.",
        "ko": "같은 데이터셋의 두 번째 모델을 같은 이미지로 나란히 보여 줍니다. 클릭한 샘플이 두 지도 "
              "모두에 강조됩니다.",
    },
    "map_compare_none": {
        "en": "There is no other model for this dataset.",
        "ko": "이 데이터셋에는 다른 모델이 없습니다.",
    },
    "map_compare_model": {"en": "Second model", "ko": "두 번째 모델"},
    "map_computing": {
        "en": "Computing the {dims}-D {method} map of the sample (once; it is then cached, usually "
              "10–60 s on a CPU)…",
        "ko": "샘플의 {dims}차원 {method} 지도를 계산하는 중입니다(한 번만 계산하고 캐시합니다. CPU에서 "
              "보통 10–60초)…",
    },
    "map_raw_caption": {
        "en": "This model's latent has as many numbers as the map has axes: the map shows the latent "
              "code itself (z₁, z₂), no projection.",
        "ko": "이 모델의 잠재 벡터는 지도의 축 수와 같은 개수의 수로 되어 있어, 투영 없이 잠재 코드 "
              "자체(z₁, z₂)를 보여 줍니다.",
    },
    "map_hint": {
        "en": "**{n} points** ({points}), every one drawn. Hover a point for its image, click it to inspect "
              "it, click empty space to decode that spot, draw a box or lasso (toolbar) to select a group; "
              "click a class in the legend to hide it. The camera button saves the map as PNG.",
        "ko": "**점 {n}개**({points}), 모두 그렸습니다. 점에 마우스를 올리면 이미지가 보이고, 클릭하면 자세히 "
              "보며, 빈 곳을 클릭하면 그 위치를 디코딩하고, 도구 모음의 상자/올가미로 여러 점을 고를 수 "
              "있습니다. 범례의 클래스를 클릭하면 숨겨집니다. 카메라 버튼으로 지도를 PNG로 저장합니다.",
    },
    "map_hint_3d": {
        "en": "**{n} points** ({points}). Drag to rotate, hover a point for its index and class. Clicks select "
              "nothing in 3-D (plotly reports no selections from 3-D scenes): pick on the 2-D map, "
              "the pick stays highlighted here. The camera button saves the view as PNG.",
        "ko": "**점 {n}개**({points}). 끌어서 회전하고, 점에 마우스를 올리면 번호와 클래스가 보입니다. 3차원에서는 "
              "클릭으로 선택되지 않습니다(plotly가 3차원 장면의 선택을 알려 주지 않음). 2차원 지도에서 고르면 "
              "여기에도 강조됩니다. 카메라 버튼으로 화면을 PNG로 저장합니다.",
    },
    "map_picked": {"en": "picked", "ko": "선택한 점"},
    "map_neighbours": {"en": "8 latent neighbours", "ko": "잠재 공간 최근접 8개"},
    "map_rest": {"en": "not selected", "ko": "선택 안 됨"},
    "map_position": {"en": "decoded spot", "ko": "디코딩한 위치"},
    "map_trust": {"en": "Trustworthiness@10", "ko": "신뢰도@10"},
    "map_trust_help": {
        "en": "How far the map can be trusted: 1 when every point's 10 nearest neighbours on the map are "
              "also near it in the latent space (Venna & Kaski 2001; scikit-learn). Low values mean "
              "clusters on the map that do not exist in the latent space.",
        "ko": "지도를 얼마나 믿을 수 있는지 나타냅니다. 지도에서 각 점의 최근접 이웃 10개가 잠재 "
              "공간에서도 가까우면 1입니다(Venna & Kaski 2001, scikit-learn). 값이 낮으면 잠재 공간에 없는 "
              "군집이 지도에 나타난 것입니다.",
    },
    "map_kept": {"en": "Neighbourhood kept@10", "ko": "이웃 보존율@10"},
    "map_kept_help": {
        "en": "Mean share of each point's 10 nearest latent neighbours that are also among its 10 "
              "nearest on the map. Global methods (PCA) keep few; t-SNE and UMAP keep more.",
        "ko": "각 점의 잠재 공간 최근접 이웃 10개 가운데 지도에서도 최근접 10개에 드는 비율의 "
              "평균입니다. 전역 방법(PCA)은 적게, t-SNE와 UMAP은 더 많이 보존합니다.",
    },
    "map_pick_something": {
        "en": "Click a point on the map to see its image, its reconstruction and its nearest neighbours "
              "— or click empty space to see what the decoder makes of that spot.",
        "ko": "지도의 점을 클릭하면 그 이미지와 재구성, 최근접 이웃을 볼 수 있습니다. 빈 곳을 클릭하면 "
              "디코더가 그 위치에서 만들어 내는 이미지를 봅니다.",
    },
    "map_clear": {"en": "Clear selection", "ko": "선택 해제"},
    "map_original": {"en": "original", "ko": "원본"},
    "map_reconstruction": {"en": "reconstruction", "ko": "재구성"},
    "map_pick_pending": {"en": "picked · the inspector follows", "ko": "선택함 · 살펴보기 창이 곧 열립니다"},
    "map_spot_pending": {"en": "decoded in your browser · the inspector follows",
                         "ko": "브라우저에서 디코딩함 · 살펴보기 창이 곧 열립니다"},
    "map_error": {"en": "|error|", "ko": "|오차|"},
    "map_errors": {
        "en": "MSE {mse:.4f} per pixel · PSNR {psnr:.1f} dB · error percentile {worse:.0%} in the sample "
              "(0 % = best reconstructed, 100 % = worst)",
        "ko": "픽셀당 MSE {mse:.4f} · PSNR {psnr:.1f} dB · 샘플 내 오차 백분위 {worse:.0%} "
              "(0 % = 가장 잘 재구성됨, 100 % = 가장 나쁨)",
    },
    "map_neighbours_title": {
        "en": "**{k} nearest neighbours in the latent space** ({same} of the same class), ringed on the map:",
        "ko": "**잠재 공간의 최근접 이웃 {k}개**(같은 클래스 {same}개), 지도에 고리로 표시:",
    },
    "map_point_error": {
        "en": "Reconstruction error (MSE per pixel) {mse:.4f} · percentile {worse:.0%} among the map's points "
              "(0 % = best reconstructed). The thumbnail is the image as the hover shows it.",
        "ko": "재구성 오차(픽셀당 MSE) {mse:.4f} · 지도의 점 가운데 백분위 {worse:.0%}(0 % = 가장 잘 재구성됨). "
              "썸네일은 마우스를 올렸을 때 보이는 이미지입니다.",
    },
    "map_measuring": {"en": "Measuring how far the spot is from the data…",
                      "ko": "그 위치가 데이터에서 얼마나 떨어져 있는지 재는 중…"},
    # the selection panel
    "map_sel_title": {
        "en": "#### Selected: {n} point(s)\nBy class: {counts}. The rest of the map is grey.",
        "ko": "#### 선택: 점 {n}개\n클래스별: {counts}. 나머지 점은 회색으로 보입니다.",
    },
    "map_sel_page": {"en": "Page", "ko": "쪽"},
    "map_sel_pages": {"en": "Images {first}–{last} of {n} (page {page} of {pages})",
                      "ko": "이미지 {n}개 중 {first}–{last} ({pages}쪽 중 {page}쪽)"},
    "map_sel_mean": {"en": "mean code, decoded", "ko": "평균 코드를 디코딩"},
    "map_sel_mean_help": {
        "en": "The decoder's picture of the average of the selected codes: what the selection has in common.",
        "ko": "선택한 코드들의 평균을 디코더가 그린 그림입니다. 선택한 이미지들의 공통점이 보입니다.",
    },
    "map_sel_vector_title": {"en": "**Selection A → selection B**", "ko": "**선택 A → 선택 B**"},
    "map_sel_store_a": {"en": "Keep this selection as A", "ko": "이 선택을 A로 저장"},
    "map_sel_store_a_help": {
        "en": "Then select other points (B): mean code of B − mean code of A is an attribute vector, e.g. from "
              "thin 1s to slanted 1s, that Generate can add to any code.",
        "ko": "그다음 다른 점들(B)을 고르세요. B의 평균 코드 − A의 평균 코드가 속성 벡터가 되며(예: 가는 1에서 "
              "기울어진 1로), 생성 페이지에서 어떤 코드에든 더할 수 있습니다.",
    },
    "map_sel_a_is_this": {
        "en": "This selection is A ({n} points). Select B: another box or lasso.",
        "ko": "이 선택이 A입니다(점 {n}개). 다른 상자나 올가미로 B를 고르세요.",
    },
    "map_sel_mean_a": {"en": "mean of A ({n})", "ko": "A의 평균 ({n})"},
    "map_sel_mean_b": {"en": "mean of B, this one ({n})", "ko": "B(지금 선택)의 평균 ({n})"},
    "map_sel_vector": {
        "en": "A → B = mean code of B − mean code of A (length {norm:.2f}). Added to a code, it moves its "
              "picture from A's look towards B's.",
        "ko": "A → B = B의 평균 코드 − A의 평균 코드(길이 {norm:.2f}). 코드에 더하면 그림이 A의 모습에서 B의 "
              "모습 쪽으로 바뀝니다.",
    },
    "map_sel_vector_label": {"en": "A ({a} points) → B ({b} points)", "ko": "A(점 {a}개) → B(점 {b}개)"},
    "map_sel_open_generate": {"en": "Open A → B in Generate", "ko": "A → B를 생성 페이지에서 열기"},
    "map_sel_replace_a": {"en": "Make this A instead", "ko": "이 선택을 A로 바꾸기"},
    "map_sel_forget_a": {"en": "Forget A", "ko": "A 지우기"},
    "map_sel_normal": {"en": "Treat the selection as normal", "ko": "선택을 정상으로 보기"},
    "map_sel_normal_help": {
        "en": "Score every point by the model's reconstruction error and measure how well that error tells the "
              "rest of the map from the selection, as if the selection were the normal data.",
        "ko": "모든 점을 모델의 재구성 오차로 점수 매기고, 선택을 정상 데이터로 볼 때 그 오차가 나머지를 선택과 "
              "얼마나 잘 구별하는지 잽니다.",
    },
    "map_sel_scoring": {"en": "Scoring every image by its reconstruction error…",
                        "ko": "모든 이미지를 재구성 오차로 점수 매기는 중…"},
    "map_sel_auroc": {"en": "AUROC of the rest", "ko": "나머지의 AUROC"},
    "map_sel_auroc_explain": {
        "en": "Score: the reconstruction error (MSE per pixel), as on the Anomalies page. If the {n} selected "
              "images were the normal data, how well would a threshold on it flag the other {rest} as "
              "anomalies? 1.0: every other image is reconstructed worse than every selected one; 0.5: no better "
              "than chance; below 0.5: the selection is the harder part to reconstruct. This model was trained "
              "on every class, so it says how the selection stands out, not how a one-class model would do.",
        "ko": "점수는 이상 탐지 페이지와 같은 재구성 오차(픽셀당 MSE)입니다. 선택한 이미지 {n}개가 정상 데이터라면, "
              "이 오차의 임계값으로 나머지 {rest}개를 이상으로 얼마나 잘 가려낼까요? 1.0: 나머지 모든 이미지가 "
              "선택한 어떤 이미지보다 재구성이 나쁨, 0.5: 우연 수준, 0.5 미만: 선택한 쪽이 재구성하기 더 어려움. "
              "이 모델은 모든 클래스로 학습했으므로 단일 클래스 모델의 성능이 아니라 선택이 얼마나 두드러지는지를 "
              "나타냅니다.",
    },
    "map_sel_auroc_all": {
        "en": "Select some points, but not all of them: the rest are scored against the selection.",
        "ko": "일부 점만 고르세요(전부는 안 됨). 나머지를 선택과 비교해 점수를 매깁니다.",
    },
    "map_sel_export": {"en": "**Export the selection**", "ko": "**선택 내보내기**"},
    "map_sel_export_help": {
        "en": "CSV: per selected point its index, map coordinates, {d} latent numbers, label and class. NPY: "
              "(M, 1 + {d}) float64, the index then the code.",
        "ko": "CSV: 선택한 점마다 번호, 지도 좌표, 잠재 값 {d}개, 레이블, 클래스. NPY: (M, 1 + {d}) float64, "
              "번호 다음에 코드.",
    },
    "map_decoded": {"en": "Decoded map position ({pos})", "ko": "디코딩한 지도 위치 ({pos})"},
    "map_on_data": {"en": "on the data", "ko": "데이터 위"},
    "map_near_data": {"en": "near data", "ko": "데이터 근처"},
    "map_hole": {"en": "in a hole — far from the data", "ko": "빈 구멍 — 데이터에서 멀리 떨어짐"},
    "map_distance": {
        "en": "Distance to the nearest real latent code: {d:.3f} ({ratio:.1f}× the median distance "
              "between neighbouring codes). Far from data the decoder extrapolates: images get "
              "blurry or mix classes.",
        "ko": "가장 가까운 실제 잠재 코드까지 거리: {d:.3f} (이웃 코드 사이 거리 중앙값의 {ratio:.1f}배). "
              "데이터에서 멀어질수록 디코더는 외삽하므로 이미지가 흐려지거나 클래스가 섞입니다.",
    },
    "map_distance_map": {
        "en": "On the map this spot is {ratio:.1f}× the median gap between neighbouring points away from "
              "the nearest point. The decoded code is a blend of the codes around it, {d:.3f} from the "
              "nearest real code: far out on the map it repeats the edge of the nearest cluster.",
        "ko": "지도에서 이 위치는 가장 가까운 점에서 이웃한 점 사이 거리 중앙값의 {ratio:.1f}배만큼 떨어져 "
              "있습니다. 디코딩한 코드는 주변 코드들을 섞은 것이며, 가장 가까운 실제 코드와의 거리는 "
              "{d:.3f}입니다. 지도에서 멀리 떨어진 곳은 가장 가까운 군집의 가장자리를 되풀이합니다.",
    },
    "map_inverse_exact": {
        "en": "This map inverts exactly: the position is turned back into the latent code it stands for "
              "(for PCA: the point on the plane of the first components).",
        "ko": "이 지도는 정확히 역변환됩니다. 위치를 그 위치가 나타내는 잠재 코드로 되돌립니다(PCA는 주성분 "
              "평면 위의 점).",
    },
    "map_inverse_knn": {
        "en": "t-SNE and UMAP have no exact inverse: the latent code is the distance-weighted mean of the "
              "codes of the 8 nearest points on the map.",
        "ko": "t-SNE와 UMAP은 정확한 역변환이 없어, 지도에서 가장 가까운 점 8개의 코드를 거리로 가중 "
              "평균해 잠재 코드를 얻습니다.",
    },
    "map_export": {"en": "**Export this map**", "ko": "**이 지도 내보내기**"},
    "map_export_help": {
        "en": "Columns: {dims} map coordinates, {d} latent numbers, label (the CSV also has the sample "
              "index and class name). For a PNG of the figure use the camera button in the chart's "
              "toolbar.",
        "ko": "열: 지도 좌표 {dims}개, 잠재 값 {d}개, 레이블(CSV에는 샘플 번호와 클래스 이름도 있음). "
              "그림을 PNG로 저장하려면 차트 도구 모음의 카메라 버튼을 누르세요.",
    },
}
