"""Each normalisation step on its own."""

from collections import Counter

from extractors.normalize import normalize_line, normalize_text
from extractors.normalize.boilerplate import is_chrome, parse_meta_line
from extractors.normalize.chinese import is_pinyin_syllable, strip_pinyin, to_simplified
from extractors.normalize.lines import is_broken_pair, rejoin_broken_lines
from extractors.normalize.lost import LOST, mark_lost, repair_shifted_bytes
from extractors.normalize.width import clean_spaces, unify_width


def test_pinyin_after_han_is_removed():
    assert strip_pinyin("時(shí)間:2026-02-02") == ("時間:2026-02-02", 1)
    assert strip_pinyin("來(lái)源:省政府辦公廳")[0] == "來源:省政府辦公廳"
    assert strip_pinyin("我們(men)的")[0] == "我們的"  # neutral tone, no mark


def test_real_brackets_are_kept():
    for text in ["(一)坚决打赢三大攻坚战", "二、九个方面重点工作(共268项)", "(牵头单位:市发展改革委;责任单位:各区人民政府)",
                 "第一项(a)", "水平(PDF)", "增长(yoy)", "附件(1)", "(shí)开头不是汉字后"]:
        assert strip_pinyin(text) == (text, 0), text


def test_pinyin_syllables():
    assert all(is_pinyin_syllable(s) for s in ["shí", "xiàn", "lǜ", "zhuàng", "men", "er"])
    assert not any(is_pinyin_syllable(s) for s in ["a", "pdf", "xyz", "yoy", "一"])


def test_traditional_to_simplified():
    assert to_simplified("甘肅省人民政府關於分解落實") == "甘肃省人民政府关于分解落实"
    simplified = "各区人民政府要按照“一把手”负总责的要求"
    assert to_simplified(simplified) == simplified


def test_width_canonical_forms():
    assert unify_width("增长７．５％（同口径）：是；否，") == "增长7.5%(同口径):是;否,"
    assert unify_width("为什么？") == "为什么？"  # ？ kept: ASCII ? means a lost character
    assert unify_width("省政府\u3000\u3000牵头领导\xa0x") == "省政府  牵头领导 x"
    assert unify_width("《政府工作报告》〔2026〕、。“”") == "《政府工作报告》〔2026〕、。“”"


def test_clean_spaces_keeps_tab_cells_and_empty_cells():
    assert clean_spaces("  163\t 何 伟 \t省民政厅\t\t各市州政府  ") == "163\t何 伟\t省民政厅\t\t各市州政府"
    assert clean_spaces("  黄 强  宋 亮   ") == "黄 强 宋 亮"


def test_byte_shift_debris_is_rebuilt_when_pinyin_proves_it():
    assert repair_shifted_bytes("予以分解下達?,F(xiàn)將有關(guān)") == ("予以分解下達。現(xiàn)將有關(guān)", 1)
    # without a pinyin annotation there is no proof: left alone (and marked later)
    assert repair_shifted_bytes("下達?,F將有關")[1] == 0


def test_lost_characters_and_lost_whitespace():
    assert mark_lost("? ? ? ? ? 2.2026年") == ("2.2026年", 0, 1)
    assert mark_lost("甘肅省人民政府????????") == ("甘肅省人民政府", 0, 1)
    assert mark_lost("????") == ("", 0, 1)
    assert mark_lost("下達?現將") == (f"下達{LOST}現將", 1, 0)
    assert mark_lost("http://x.gov.cn/a.html?id=3") == ("http://x.gov.cn/a.html?id=3", 0, 0)


def test_normalize_line_on_seed_000_debris():
    counts = Counter()
    line = normalize_line("將《政府工作報(bào)告》予以分解下達(dá)?,F(xiàn)將有關(guān)事項(xiàng)通知如下。", counts)
    assert line == "将《政府工作报告》予以分解下达。现将有关事项通知如下。"
    assert counts["shifted_bytes_repaired"] == 1 and counts["pinyin_removed"] == 5


def test_wuhan_broken_lines_are_rejoined():
    lines = [
        "公室负责抓好综合督办协调工作。对于一些办理难度大的责任事项,由办",
        "公室负责。",
        "(一)地区生产总值增长7.5%—7.8%。(牵头单位:市发展改革委;责任单位:各区人",
        "民政府〈含开发区管委会〉)",
        "6.推进脱贫攻坚与实施乡村振兴战略有机衔接。(牵头单位:市扶贫开发办;责任单位:",
        "市农业农村局,各区人民政府〈含开发区、风景区管委会〉)",
        "市人民政府办公厅关于印发2020年市",
        "《政府工作报告》确定的主要目标任务责任分解方案的通知",
    ]
    assert rejoin_broken_lines(lines) == [
        "公室负责抓好综合督办协调工作。对于一些办理难度大的责任事项,由办公室负责。",
        "(一)地区生产总值增长7.5%—7.8%。(牵头单位:市发展改革委;责任单位:各区人民政府〈含开发区管委会〉)",
        "6.推进脱贫攻坚与实施乡村振兴战略有机衔接。(牵头单位:市扶贫开发办;责任单位:市农业农村局,各区人民政府〈含开发区、风景区管委会〉)",
        "市人民政府办公厅关于印发2020年市《政府工作报告》确定的主要目标任务责任分解方案的通知",
    ]


def test_headings_items_tables_and_finished_sentences_are_not_joined():
    long = "各地各部门要认真对照主要目标和重点工作分解表任务分工进一步细化分解目标任务并且"
    assert not is_broken_pair(long, "1.严格落实“四不摘”要求")
    assert not is_broken_pair(long, "(二)城镇新增就业22万人")
    assert not is_broken_pair(long, "——坚决完成脱贫攻坚任务")
    assert not is_broken_pair(long, "附件2")
    assert not is_broken_pair(long, "2020年1月17日")
    assert not is_broken_pair(long, "(共200项)")
    assert not is_broken_pair(long + "。", "现将有关事项通知如下")
    assert not is_broken_pair("18\t加快推进\t黄 强", "省林业厅\t各市州政府")
    assert not is_broken_pair("武汉市人民政府办公厅", "2020年1月17日")
    assert not is_broken_pair("定西市人民政府市长 武和谦", "各位代表:")
    assert not is_broken_pair("2.2026年《政府工作报告》重点工作分解表", "甘肃省人民政府")
    assert not is_broken_pair("市人民政府办公厅关于印发2020年市《政府工作报告》的通知", "武政办〔2020〕1号")
    assert rejoin_broken_lines([long, None, "的监测和帮扶。"]) == [long, None, "的监测和帮扶。"]  # blank line between


def test_chrome_lines():
    for line in ["您所在的位置: 首页 >> 政务公开 >> 政策解读", "扫一扫在手机打开当前页面", "发布评论", "分享到:",
                 "[ 打印本页 | 关闭窗口 ]", "登录 | 注册", "Copyright©沂水县人民政府", "鲁公网安备37132302000107号",
                 "> 要闻动态 > 定西要闻", "责任编辑:蒲惠红", "公务邮 无障碍浏览 长者模式 手机版 微信"]:
        assert is_chrome(line), line
    for line in ["解读机关:县政府督察室", "(此件公开发布)", "各位代表:", "一、《方案》出台背景", "微信支付便民服务覆盖全市"]:
        assert not is_chrome(line), line


def test_page_metadata_lines():
    assert parse_meta_line("- 时间:2026-02-02") == {"published_date": "2026-02-02"}
    assert parse_meta_line("∙【字 号】武政办〔2020〕1号") == {"doc_number": "武政办〔2020〕1号"}
    assert parse_meta_line("∙【公布日期】2020.01.17") == {"published_date": "2020-01-17"}
    assert parse_meta_line("文 号: 发布机构: 沂水县人民政府办公室 发布日期: 2023-03-06") == {
        "issuer": "沂水县人民政府办公室", "published_date": "2023-03-06"}
    assert parse_meta_line("发布时间:2026-01-29 16:24 来源: 定西市人民政府 字号:[ ] 视力保护色:") == {
        "published_date": "2026-01-29", "source": "定西市人民政府"}
    assert parse_meta_line("各牵头单位于2月28日前报送") is None


def test_normalize_text_drops_blanks_and_reads_page_meta():
    n = normalize_text("当前位置:首页\n- 時(shí)間:2026-02-02\n\n甘政發(fā)〔2026〕7號(hào)\n\n扫一扫在手机打开当前页面\n")
    assert n.lines == ["甘政发〔2026〕7号"]
    assert n.page_meta == {"published_date": "2026-02-02"}
    assert n.origins == [3]
    assert "normalize: 3 pinyin annotations removed" in n.notes


def test_html_tables_keep_merged_cells_as_none_and_point_at_their_lines():
    from extractors.normalize import normalize_html

    page = """<html><body><div class="breadcrumb">首页 > 政务公开</div>
    <p>附件2</p><p>2018年省政府重点工作任务分解表</p>
    <table><tr><th>序号</th><th>重点工作任务</th><th>牵头领导</th><th>牵头单位</th></tr>
    <tr><td>15</td><td>完成深度贫困地区县级医院重点专科建设。</td><td rowspan="2">李　斌</td><td rowspan="2">省卫生计生委</td></tr>
    <tr><td>16</td><td>落实“先诊疗后付费”。</td></tr></table>
    <div class="share">分享到:</div></body></html>"""
    n = normalize_html(page)
    assert n.lines == ["附件2", "2018年省政府重点工作任务分解表", "序号\t重点工作任务\t牵头领导\t牵头单位",
                       "15\t完成深度贫困地区县级医院重点专科建设。\t李 斌\t省卫生计生委", "16\t落实“先诊疗后付费”。\t\t"]
    assert n.tables == [[["序号", "重点工作任务", "牵头领导", "牵头单位"],
                         ["15", "完成深度贫困地区县级医院重点专科建设。", "李 斌", "省卫生计生委"],
                         ["16", "落实“先诊疗后付费”。", None, None]]]
    assert n.table_lines == [[3, 4, 5]]


def test_body_selector_reads_only_the_article():
    from extractors.normalize import normalize_html

    page = '<html><body><div id="nav">首页</div><div class="TRS_Editor"><p>各位代表:</p><p>现在,我代表市人民政府。</p></div><div>别的</div></body></html>'
    assert normalize_html(page, ".TRS_Editor").lines == ["各位代表:", "现在,我代表市人民政府。"]


def test_session_subtitle_and_signature_are_not_joined():
    assert not is_broken_pair("——二〇二六年一月二十七日在甘肃省十四届人民代表大会第四次会议上", "甘肃省省长 任振鹤")
    assert not is_broken_pair("各地各部门要认真对照主要目标和重点工作分解表任务分工进一步细化分解目标", "甘肃省省长 任振鹤")


def test_layout_tables_are_read_as_text_and_hidden_elements_dropped():
    from extractors.normalize import normalize_html

    paragraphs = "".join(f"<p>第{i}段。" + "各地各部门要认真落实目标任务。" * 8 + "</p>" for i in range(3))
    page = f"""<html><body><table width="1000"><tr><td class="titlestyle">关于印发2026年重点工作分解方案的通知</td></tr>
    <tr><td><div id="vsb_content">{paragraphs}<div style="display: none">统计代码</div></div></td></tr></table></body></html>"""
    n = normalize_html(page)
    assert n.lines[0] == "关于印发2026年重点工作分解方案的通知"
    assert [line[:3] for line in n.lines[1:]] == ["第0段", "第1段", "第2段"]
    assert n.tables == [] and "统计代码" not in "".join(n.lines)
