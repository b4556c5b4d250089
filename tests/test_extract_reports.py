from kg.extract import reports
from extract_helpers import context, mentions


def run(body, title="标题"):
    ctx = context(body, title)
    reports.run(ctx)
    return ctx


def test_report_titles_and_year():
    ctx = run("副秘书长裴玮在大会闭幕式上发布《中国互联网发展报告（2024）》。")
    assert mentions(ctx, "Report") == {"中国互联网发展报告（2024）": {"中国互联网发展报告2024"}}
    assert [(f.prop, f.obj) for f in ctx.facts] == [("year", "2024")]


def test_report_kinds():
    body = ("发布《2024年度漏洞态势分析报告》、《网络信息安全领域能力发展白皮书》、《中国数字经济发展指数》、"
            "《2022年开发者调查》和《中国网络安全年鉴》。")
    assert set(mentions(run(body), "Report")) == {
        "2024年度漏洞态势分析报告", "网络信息安全领域能力发展白皮书", "中国数字经济发展指数", "2022年开发者调查",
        "中国网络安全年鉴"}


def test_report_word_after_the_marks():
    ctx = run("《中国互联网发展报告2024》和《世界互联网发展报告2024》蓝皮书在乌镇发布。Veracode发布的《软件安全状况》报告显示。")
    found = mentions(ctx, "Report")
    assert set(found) == {"中国互联网发展报告2024", "世界互联网发展报告2024", "软件安全状况"}
    assert found["软件安全状况"] == {"软件安全状况报告"}


def test_laws_plans_standards_notices_magazines_are_not_reports():
    body = ("落实《数字中国建设整体布局规划》和《中华人民共和国网络安全法》，遵循《网络数据安全管理条例》、"
            "《信息安全技术 电子政务移动办公系统安全技术规范》、《关于印发〈网络安全报告〉的通知》、"
            "《个人信息出境认证办法》，担任《信息安全研究》编委会委员，阅读《中国信息安全》杂志。")
    assert mentions(run(body), "Report") == {}


def test_talk_titles_are_not_reports():
    body = "院士作了题为《网络安全态势分析报告》的报告，并发表《2024威胁趋势报告》主题演讲。"
    assert mentions(run(body), "Report") == {}


def test_back_reference_is_not_a_new_report():
    ctx = run("正式发布《中国互联网发展报告（2024）》。《报告》显示，行业稳步增长。")
    assert len([m for m in ctx.mentions if m.type == "Report"]) == 1
    assert len(ctx.mentions[0].spans) == 2


def test_generic_titles_are_not_reports():
    assert mentions(run("详见《2024年度报告》与“年度报告”。"), "Report") == {}


def test_bare_repetition_and_title_report():
    ctx = run("安恒研究院推出本年度漏洞报告。\n2024年度漏洞态势分析报告\n", title="《2024年度漏洞态势分析报告》重磅出炉")
    (mention,) = [m for m in ctx.mentions if m.type == "Report"]
    assert mention.label == "2024年度漏洞态势分析报告"
    assert mention.spans  # found again in the body without marks


def test_quoted_sentences_are_not_reports():
    assert mentions(run("苹果表示“已获悉有关此漏洞可能已被积极利用的报告”。"), "Report") == {}
