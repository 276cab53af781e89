"""Texts of the Latent Map page in English and Korean (`app_ui.common.i18n.register(TEXTS)`)."""

TEXTS: dict[str, dict[str, str]] = {
    "map_title": {"en": "Latent map", "ko": "잠재 공간 지도"},
    "map_intro": {
        "en": "Every test image of the sample, encoded to its latent code and laid out on a map. Images "
              "the model finds alike land close together: the classes form clusters although the "
              "autoencoder never saw a label.",
        "ko": "샘플의 모든 테스트 이미지를 잠재 코드로 인코딩해 지도 위에 펼쳤습니다. 모델이 비슷하다고 "
              "여기는 이미지는 가까이 놓입니다. 오토인코더는 레이블을 한 번도 보지 않았지만 클래스가 "
              "군집을 이룹니다.",
    },
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
        "en": "{n} test images. Click a point to inspect it, click empty space to decode that spot, "
              "draw a box or lasso (toolbar) to select a group; click a class in the legend to hide it. "
              "The camera button saves the map as PNG.",
        "ko": "테스트 이미지 {n}개. 점을 클릭하면 자세히 보고, 빈 곳을 클릭하면 그 위치를 디코딩하며, "
              "도구 모음의 상자/올가미로 여러 점을 고를 수 있습니다. 범례의 클래스를 클릭하면 숨겨집니다. "
              "카메라 버튼으로 지도를 PNG로 저장합니다.",
    },
    "map_hint_3d": {
        "en": "{n} test images. Drag to rotate, hover a point for its index and class. Clicks select "
              "nothing in 3-D (plotly reports no selections from 3-D scenes): pick on the 2-D map, "
              "the pick stays highlighted here. The camera button saves the view as PNG.",
        "ko": "테스트 이미지 {n}개. 끌어서 회전하고, 점에 마우스를 올리면 번호와 클래스가 보입니다. 3차원에서는 "
              "클릭으로 선택되지 않습니다(plotly가 3차원 장면의 선택을 알려 주지 않음). 2차원 지도에서 고르면 "
              "여기에도 강조됩니다. 카메라 버튼으로 화면을 PNG로 저장합니다.",
    },
    "map_picked": {"en": "picked", "ko": "선택한 점"},
    "map_neighbours": {"en": "8 latent neighbours", "ko": "잠재 공간 최근접 8개"},
    "map_selected": {"en": "selected", "ko": "선택됨"},
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
    "map_group": {
        "en": "**{n} samples selected** — by class: {counts}",
        "ko": "**샘플 {n}개 선택** — 클래스별: {counts}",
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
