"""Unit and leader names out of cells: every tricky cell of the Gansu 2018 tables (seed 003)
and the Wuhan 2020 parentheses (seed 004), as written there and after normalisation
(ideographic spaces become one ASCII space)."""

import pytest

from extractors.units import (
    canonical_unit,
    leader_lexicon,
    split_leaders,
    split_units,
    unit_assignments,
)

IDEO = "\u3000"


def names(cell):
    return [u.full for u in split_units(cell)]


@pytest.mark.parametrize(
    "cell, expected",
    [
        # run together without any separator
        ("省发展改革委\u3000省财政厅省扶贫办", ["省发展改革委", "省财政厅", "省扶贫办"]),  # task 22
        ("省扶贫办\u3000省发展改革委省民委\u3000省财政厅", ["省扶贫办", "省发展改革委", "省民委", "省财政厅"]),  # 27
        ("省委农工办\u3000省委组织部省扶贫办", ["省委农工办", "省委组织部", "省扶贫办"]),  # 28
        ("省委组织部\u3000省委农工办省扶贫办", ["省委组织部", "省委农工办", "省扶贫办"]),  # 29
        (
            "省委组织部\u3000省发展改革委\u3000\u3000省公安厅\u3000省财政厅\u3000省人社厅省政府法制办",  # 44
            ["省委组织部", "省发展改革委", "省公安厅", "省财政厅", "省人社厅", "省政府法制办"],
        ),
        ("省科技厅\u3000省农牧厅\u3000省商务厅省食品药品监管局", ["省科技厅", "省农牧厅", "省商务厅", "省食品药品监管局"]),  # 64
        (
            "省财政厅\u3000省政府金融办\u3000\u3000人行兰州中心支行\u3000甘肃银监局甘肃证监局\u3000甘肃保监局",  # 75
            ["省财政厅", "省政府金融办", "人行兰州中心支行", "甘肃银监局", "甘肃证监局", "甘肃保监局"],
        ),
        ("省政府金融办\u3000\u3000人行兰州中心支行\u3000甘肃银监局甘肃保监局", ["省政府金融办", "人行兰州中心支行", "甘肃银监局", "甘肃保监局"]),  # 110
        ("省公安厅\u3000省民政厅\u3000省工信委省工商局\u3000人行兰州中心支行", ["省公安厅", "省民政厅", "省工信委", "省工商局", "人行兰州中心支行"]),  # 95
        ("省交通运输厅兰州海关铁路兰州局集团公司", ["省交通运输厅", "兰州海关", "铁路兰州局集团公司"]),  # 130
        ("省旅游发展委\u3000省新闻出版广电局省贸促会", ["省旅游发展委", "省新闻出版广电局", "省贸促会"]),  # 137
        ("省减灾委办公室省级各灾种防灾减灾指挥部办公室", ["省减灾委办公室", "省级各灾种防灾减灾指挥部办公室"]),  # 160
        # one name wrapped inside its cell
        ("省脱贫攻坚领导小组\u3000\u3000成员单位", ["省脱贫攻坚领导小组成员单位"]),  # target 11
        # names that must stay whole
        ("省财政厅\u3000\u3000省人社厅\u3000\u3000国家统计局甘肃调查总队", ["省财政厅", "省人社厅", "国家统计局甘肃调查总队"]),  # target 6
        ("省政府各有关部门\u3000\u3000省工商联", ["省政府各有关部门", "省工商联"]),  # 55
        ("项目沿线有关市州政府", ["项目沿线有关市州政府"]),
        ("省粮食安全省长责任制考核工作组成员单位", ["省粮食安全省长责任制考核工作组成员单位"]),  # 59
        ("省知识产权强省建设领导小组成员单位", ["省知识产权强省建设领导小组成员单位"]),  # 112
        ("省丝绸之路经济带甘肃段建设领导小组成员单位", ["省丝绸之路经济带甘肃段建设领导小组成员单位"]),  # 128
        ("省兰州新区规划建设协调推进领导小组成员单位", ["省兰州新区规划建设协调推进领导小组成员单位"]),  # 141
        ("省食品安全委员会各成员单位", ["省食品安全委员会各成员单位"]),  # 37
        ("省农村“三变”改革工作领导小组成员单位", ["省农村“三变”改革工作领导小组成员单位"]),  # 7
        ("省教育厅\u3000省公安厅\u3000省财政厅\u3000\u3000省卫生计生委\u3000省妇联\u3000团省委", ["省教育厅", "省公安厅", "省财政厅", "省卫生计生委", "省妇联", "团省委"]),  # 159
        ("各市州政府、兰州新区管委会", ["各市州政府", "兰州新区管委会"]),
        ("相关市州政府", ["相关市州政府"]),
        # a cell the capture broke over two lines (task 19), spaces already unified
        ("省环保厅 省农牧厅\n省林业厅", ["省环保厅", "省农牧厅", "省林业厅"]),
        # a shared ending: 张掖、金昌、武威市政府 are three city governments (task 31)
        ("张掖、金昌、武威市政府", ["张掖市政府", "金昌市政府", "武威市政府"]),
        ("兰州、白银市政府、兰州新区管委会", ["兰州市政府", "白银市政府", "兰州新区管委会"]),  # 111
        # Wuhan: brackets keep their separators, commas and 、 separate
        ("各区人民政府〈含开发区、风景区管委会〉", ["各区人民政府〈含开发区、风景区管委会〉"]),
        (
            "市科技局、市经济和信息化局,各区人民政府〈含开发区、风景区管委会〉",
            ["市科技局", "市经济和信息化局", "各区人民政府〈含开发区、风景区管委会〉"],
        ),
        ("市发展\n改革委、市生态环境局", ["市发展改革委", "市生态环境局"]),  # a line break inside a name
        ("市人力资源社会保障局", ["市人力资源社会保障局"]),
        ("市公安局交通管理局", ["市公安局交通管理局"]),
        ("市市场监管局", ["市市场监管局"]),
        ("各中心城区人民政府,各开发区管委会", ["各中心城区人民政府", "各开发区管委会"]),
        ("黄陂区人民政府,市城投公司、武汉航发集团、湖北机场集团", ["黄陂区人民政府", "市城投公司", "武汉航发集团", "湖北机场集团"]),
        ("", []),
        (None, []),
        ("  \u3000 ", []),
    ],
)
def test_split_units(cell, expected):
    assert names(cell) == expected


@pytest.mark.parametrize(
    "cell",
    [
        "省发展改革委\u3000省财政厅省扶贫办",
        "省脱贫攻坚领导小组\u3000\u3000成员单位",
        "省委农工办\u3000 省农牧厅",
        "省发展改革委 省农牧厅\u3000\u3000省工信委 省建设厅 省商务厅",
    ],
)
def test_split_units_same_after_space_unification(cell):
    # the normaliser turns ideographic spaces into one ASCII space
    unified = " ".join(cell.replace(IDEO, " ").split())
    assert names(unified) == names(cell)


def test_shared_ending_keeps_the_written_name_raw():
    units = split_units("张掖、金昌、武威市政府")
    assert [(u.raw, u.full) for u in units] == [
        ("张掖", "张掖市政府"),
        ("金昌", "金昌市政府"),
        ("武威市政府", "武威市政府"),
    ]


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("黄 强宋 亮李 斌", ["黄强", "宋亮", "李斌"]),  # tasks 33, 35, 42, 76
        ("黄 强 宋 亮\u3000\u3000张世珍 李沛兴", ["黄强", "宋亮", "张世珍", "李沛兴"]),  # target 1
        ("黄 强 宋 亮 张世珍 李沛兴", ["黄强", "宋亮", "张世珍", "李沛兴"]),  # target 1 normalised
        ("黄 强宋 亮李 斌\u3000\u3000李沛兴何 伟", ["黄强", "宋亮", "李斌", "李沛兴", "何伟"]),  # 31
        ("黄 强宋 亮何 伟", ["黄强", "宋亮", "何伟"]),  # 27
        ("张世珍李 斌", ["张世珍", "李斌"]),  # 52
        ("黄 强\u3000\u3000张世珍李 斌", ["黄强", "张世珍", "李斌"]),  # 116
        ("李沛兴何 伟", ["李沛兴", "何伟"]),  # 79
        ("黄 强\u3000宋 亮", ["黄强", "宋亮"]),  # 5
        ("宋 亮\u3000\u3000张世珍", ["宋亮", "张世珍"]),  # 10
        ("黄 强宋 亮\u3000\u3000张世珍\u3000\u3000李沛兴", ["黄强", "宋亮", "张世珍", "李沛兴"]),  # 56
        ("李 斌\u3000\u3000李沛兴", ["李斌", "李沛兴"]),  # 165
        ("张世珍", ["张世珍"]),
        ("余 建", ["余建"]),
        ("黄强、宋亮", ["黄强", "宋亮"]),
        ("", []),
        (None, []),
    ],
)
def test_split_leaders(cell, expected):
    assert split_leaders(cell) == expected


def test_every_leader_cell_of_gansu_2018_gives_known_leaders(gansu_rows):
    known = {"黄强", "宋亮", "张世珍", "李沛兴", "李斌", "何伟", "余建"}
    seen = set()
    for cells in gansu_rows:
        for leader in split_leaders(cells[2]):
            assert leader in known, (cells[0], cells[2], leader)
            seen.add(leader)
    assert seen == known


def test_every_unit_cell_of_gansu_2018_splits_into_plausible_names(gansu_rows):
    import re

    # a complete name followed by another name's start, left unsplit
    run_together = re.compile(r"(厅|局|办|部|联|社|会)(省|甘肃|兰州|国家|人行|铁路)")
    for cells in gansu_rows:
        for cell in cells[3:]:
            for unit in split_units(cell):
                assert len(unit.full) >= 3, (cells[0], cell, unit)
                assert not re.search(r"\s", unit.full), (cells[0], unit)
                if unit.full not in ("国家统计局甘肃调查总队",):
                    assert not run_together.search(unit.full), (cells[0], cell, unit)


@pytest.mark.parametrize(
    "name, jurisdiction, canonical",
    [
        ("市发改委", "420100", "市发展改革委"),
        ("市发展改革委", "420100", "市发展改革委"),
        ("县发改局", "371323", "县发展改革局"),
        ("市人社局", None, "市人力资源社会保障局"),
        ("省人社厅", "620000", "省人力资源社会保障厅"),
        ("省建设厅", "620000", "省住房城乡建设厅"),
        ("省建设厅", "420100", "省建设厅"),  # the Gansu alias is Gansu's only
        ("市卫健委", None, "市卫生健康委"),
        ("省财政厅", "620000", "省财政厅"),
    ],
)
def test_canonical_unit(name, jurisdiction, canonical):
    assert canonical_unit(name, jurisdiction) == canonical


def test_unit_assignments_keep_the_original_spelling():
    units = unit_assignments("市发改委、市人社局", "lead", "420100")
    assert [(u.role, u.name, u.name_raw, u.inherited) for u in units] == [
        ("lead", "市发展改革委", "市发改委", False),
        ("lead", "市人力资源社会保障局", "市人社局", False),
    ]


def test_names_the_document_writes_plainly_decide_ambiguous_runs():
    cells = ["黄 强宋 亮李 斌", "黄 强 宋 亮\u3000\u3000张世珍 李沛兴", "张世珍李 斌", "李沛兴何 伟", "黄强宋亮李斌"]
    known = leader_lexicon(cells)
    assert known == {"黄强", "宋亮", "李斌", "张世珍", "李沛兴", "何伟"}  # not 黄强宋 from the last cell
    assert split_leaders("黄强宋亮李斌") == ["黄强宋", "亮李斌"]  # alone, two triples fit best
    assert split_leaders("黄强宋亮李斌", known) == ["黄强", "宋亮", "李斌"]
    assert split_leaders("李斌何伟张世珍", known) == ["李斌", "何伟", "张世珍"]
    assert split_leaders("黄强宋亮") == ["黄强", "宋亮"]  # four characters are two names
    assert split_leaders("欧阳明高") == ["欧阳明高"]  # unless a compound surname starts them
