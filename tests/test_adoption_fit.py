"""The training entry point, ``fit_adoption_model``, on HAND-WRITTEN labels: Chinese titles written for this test
in the style of GB titles, against the hand-written ISO/IEC records of test_adoption_inference."""

from __future__ import annotations

import pytest
from test_adoption_inference import _chinese, _international

from standards_lib.errors import MatchError
from standards_lib.matching import AdoptionLabel, AdoptionModel, Hub, fit_adoption_model, infer_adoptions

ADOPTERS = [
    (
        "GB/T 14048.5-2017",
        "低压开关设备和控制设备 第5-1部分：控制电路电器和开关元件 机电式控制电路电器",
        "IEC 60947-5-1",
    ),
    ("GB/T 14048.1-2023", "低压开关设备和控制设备 第1部分：总则", "IEC 60947-1"),
    ("GB/T 1243-2024", "传动用短节距精密滚子链、套筒链、附件和链轮", "ISO 606"),
    ("GB/T 19001-2016", "质量管理体系 要求", "ISO 9001"),
    ("GB/T 17626.2-2018", "电磁兼容 试验和测量技术 静电放电抗扰度试验", "IEC 61000-4-2"),
    ("GB/T 17626.5-2019", "电磁兼容 试验和测量技术 浪涌（冲击）抗扰度试验", "IEC 61000-4-5"),
    ("GB/T 1094.1-2013", "电力变压器 第1部分：总则", "IEC 60076-1"),
    ("GB/T 5782-2016", "六角头螺栓", "ISO 4014"),
]
NATIONAL_ONLY = [
    ("GB 5749-2022", "生活饮用水卫生标准"),
    ("GB/T 50001-2017", "房屋建筑制图统一标准"),
    ("GB 4806.7-2016", "食品安全国家标准 食品接触用塑料材料及制品"),
    ("GB/T 2260-2007", "中华人民共和国行政区划代码"),
]


def _labels() -> list[AdoptionLabel]:
    labels = [AdoptionLabel(_chinese(d, t), work) for d, t, work in ADOPTERS]
    return labels + [AdoptionLabel(_chinese(d, t), None) for d, t in NATIONAL_ONLY]


@pytest.fixture(scope="module")
def hub() -> Hub:
    return Hub(_international())


def test_a_model_fitted_on_labels_infers_their_works_and_leaves_national_only_standards_unlinked(hub: Hub) -> None:
    model = fit_adoption_model(_labels(), hub, min_precision=None)
    assert isinstance(model, AdoptionModel) and 0.0 < model.threshold < 1.0
    assert AdoptionModel.from_dict(model.to_dict()).to_dict() == model.to_dict()
    inferred = {a.national: a for a in infer_adoptions([lab.record for lab in _labels()], hub, model=model)}
    right = [d for d, _, work in ADOPTERS if d in inferred and inferred[d].international == work]
    assert len(right) >= 6, {d: inferred[d].international for d in inferred}
    assert not [d for d, _ in NATIONAL_ONLY if d in inferred]


def test_fitting_without_an_adopter_among_the_candidates_is_refused(hub: Hub) -> None:
    with pytest.raises(MatchError):
        fit_adoption_model([AdoptionLabel(_chinese(d, t), None) for d, t in NATIONAL_ONLY], hub)
