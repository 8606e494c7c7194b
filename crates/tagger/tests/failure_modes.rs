//! One short sentence, written for the test, per way the tagger used to go
//! wrong on real articles (issue 15), with the built-in data files.

use benbao_core::{Article, Block, BlockKind};
use benbao_tagger::Tagger;

mod common;
use common::tagger;

fn article(title: &str, body: &str) -> Article {
    Article {
        blocks: vec![Block::new(BlockKind::Paragraph, body)],
        ..serde_json::from_value(serde_json::json!({"id": "x", "title": title, "blocks": []}))
            .unwrap()
    }
}

fn tags(t: &Tagger, title: &str, body: &str) -> (Vec<String>, Vec<String>) {
    let mut a = article(title, body);
    t.tag(&mut a);
    (a.regions, a.topics)
}

#[test]
fn same_name_places_elsewhere_keep_their_own_codes() {
    let t = tagger("330000");
    let cases = [
        (
            "南昌西湖区总工会慰问环卫工人",
            "江西省南昌市西湖区总工会为一线职工送去慰问品。",
            "360103",
        ),
        (
            "上海普陀区职工运动会开幕",
            "上海市普陀区各街道职工参加。",
            "310107",
        ),
        (
            "成都龙泉驿区职工技能大赛举行",
            "成都市龙泉驿区总工会主办。",
            "510112",
        ),
        (
            "三门峡市开展职工书画展",
            "三门峡市总工会组织展览。",
            "411200",
        ),
    ];
    for (title, body, code) in cases {
        let (regions, _) = tags(&t, title, body);
        assert_eq!(regions, [code], "{title}");
    }
}

#[test]
fn our_province_is_the_papers() {
    let (regions, _) = tags(
        &tagger("320000"),
        "我省表彰一批劳动模范",
        "全省各级工会推荐先进。",
    );
    assert_eq!(regions, ["320000"], "a Jiangsu paper's 我省");
    let (regions, _) = tags(
        &tagger("330000"),
        "我省表彰一批劳动模范",
        "全省各级工会推荐先进。",
    );
    assert_eq!(regions, ["330000"]);
}

#[test]
fn a_prefectures_paper_means_itself_by_our_prefecture() {
    // An autonomous prefecture's (迪庆州) and a league's (锡林郭勒盟) paper.
    let (regions, _) = tags(
        &tagger("533400"),
        "州总工会部署安全生产工作",
        "我州各级工会开展安全检查。",
    );
    assert_eq!(regions, ["533400"]);
    let (regions, _) = tags(
        &tagger("152500"),
        "全盟职工技能大赛闭幕",
        "盟总工会为获奖职工颁奖。",
    );
    assert_eq!(regions, ["152500"]);
}

#[test]
fn former_names_outside_zhejiang_and_words_that_hide_them() {
    let (regions, _) = tags(
        &tagger("610000"),
        "户县热电厂工会慰问困难职工",
        "户县热电厂工会走访困难职工家庭。",
    );
    assert_eq!(regions, ["610118"], "户县 became 鄠邑区 in 2016");
    let (regions, _) = tags(
        &tagger("610000"),
        "新市民落户县城",
        "今年有三千人落户县城。",
    );
    assert!(
        !regions.contains(&"610118".to_string()),
        "落户县城 is no 户县: {regions:?}"
    );
}

#[test]
fn everyday_words_are_not_towns() {
    // 长春 named with 武汉 in passing: 劳动 (劳动奖章) is not 武汉's 劳动街道.
    let (regions, _) = tags(
        &tagger("220100"),
        "长春市表彰劳动模范",
        "劳动者代表从武汉学习归来,领取劳动奖章。",
    );
    assert!(
        !regions.iter().any(|r| r.starts_with("420102")),
        "{regions:?}"
    );
}

#[test]
fn former_names_land_on_todays_divisions() {
    let t = tagger("330000");
    let (regions, _) = tags(
        &t,
        "江东区职工文化节开幕",
        "江东区总工会组织各街道职工参加。",
    );
    assert_eq!(regions, ["330212"], "江东区 merged into 鄞州区 in 2016");
    let (regions, _) = tags(&t, "萧山市总工会召开全委会", "萧山市各镇工会主席参加会议。");
    assert_eq!(regions, ["330109"], "萧山市 became 萧山区 in 2001");
}

#[test]
fn a_short_item_by_a_places_union_is_about_that_place() {
    let t = tagger("330000");
    let (regions, _) = tags(&t, "送清凉", "义乌市总工会为建筑工人送去绿豆汤。");
    assert_eq!(regions, ["330782"]);
    let (regions, _) = tags(&t, "送清凉", "温州龙港市总工会走访一线职工。");
    assert_eq!(regions, ["330383"]);
}

#[test]
fn xiaogang_street_has_its_own_code() {
    let t = tagger("330000");
    let (regions, _) = tags(
        &t,
        "小港街道建起职工之家",
        "北仑区小港街道总工会新建职工之家。",
    );
    assert_eq!(regions, ["330206003"], "330206002 is 新碶街道");
}

#[test]
fn welfare_words_are_services_and_tug_of_war_is_sport() {
    let t = tagger("330000");
    for (title, body) in [
        ("送温暖", "县总工会走访慰问困难职工,送上慰问金。"),
        ("爱心驿站开张", "户外劳动者可在爱心驿站歇脚喝水。"),
        (
            "工会包车送职工返乡",
            "总工会安排大巴送外来务工人员返乡过年。",
        ),
    ] {
        let (_, topics) = tags(&t, title, body);
        assert!(
            topics.iter().any(|x| x == "services"),
            "{title}: {topics:?}"
        );
    }
    let (_, topics) = tags(
        &t,
        "职工拔河比赛举行",
        "二十支队伍参加拔河比赛,拔河比赛气氛热烈。",
    );
    assert!(topics.iter().any(|x| x == "culture"), "{topics:?}");
    assert!(
        !topics.iter().any(|x| x == "competition"),
        "拔河比赛 is no skills contest: {topics:?}"
    );
}

#[test]
fn general_news_gets_general_topics_with_their_groups() {
    let t = tagger("330000");
    let (_, topics) = tags(
        &t,
        "高速公路通车",
        "这条高速公路今天通车,交通更方便,公路沿线出行时间缩短。",
    );
    assert!(
        topics.iter().any(|x| x == "transport") && topics.iter().any(|x| x == "economic"),
        "{topics:?}"
    );
    let (_, topics) = tags(
        &t,
        "医院开展义诊",
        "市人民医院医生为患者义诊,医疗队送健康下乡。",
    );
    assert!(
        topics.iter().any(|x| x == "health") && topics.iter().any(|x| x == "social"),
        "{topics:?}"
    );
}

#[test]
fn the_place_an_event_is_held_at_is_what_the_story_is_about() {
    // A province-wide contest: the venue in the lead, and in the headline.
    let t = tagger("410000");
    let (regions, _) = tags(
        &t,
        "全省职工技能大赛开幕",
        "河南省职工技能大赛决赛在洛阳市职教园举行。全省各地选手参赛，我省各级工会组织观摩。河南省总工会负责人出席。",
    );
    assert_eq!(regions, ["410300"]);
    let (regions, _) = tags(
        &t,
        "全省职工运动会在开封启动",
        "河南省职工运动会今天启动。全省各地职工参加，河南省总工会主办，我省各级工会组团。",
    );
    assert_eq!(regions, ["410200"]);
    // A venue further down a long story is one of many.
    let (regions, _) = tags(
        &t,
        "全省职工运动会闭幕",
        &format!(
            "河南省职工运动会今天闭幕。{}其中一场比赛在开封举行。",
            "全省各地职工参加了比赛，河南省总工会主办。".repeat(8)
        ),
    );
    assert_eq!(regions, ["410000"]);
}

#[test]
fn a_town_named_right_after_its_district_is_the_place() {
    let (regions, _) = tags(
        &tagger("110000"),
        "职工带着照片回家过年",
        "市总工会为北京市一线职工拍照，来自门头沟斋堂镇工地的职工拿到了照片。",
    );
    assert_eq!(regions, ["110109106"]);
}

#[test]
fn a_city_papers_story_without_a_place_is_the_citys() {
    // No place named: a city's paper's story is about the city…
    let body = "高新区一座大桥加紧施工，工人们在工地上忙碌。";
    let (regions, _) = tags(&tagger("610100"), "大桥施工忙", body);
    assert_eq!(regions, ["610100"]);
    // …and the one district a short item names, even once.
    let (regions, _) = tags(
        &tagger("331000"),
        "环卫工人的坚守",
        "国庆假期，黄岩区的环卫工人坚守岗位。",
    );
    assert_eq!(regions, ["331003"]);
    // A province's paper prints national news too: no guess.
    let (regions, _) = tags(&tagger("610000"), "大桥施工忙", body);
    assert!(regions.is_empty(), "{regions:?}");
    // A story that names a place elsewhere does not get the home.
    let (regions, _) = tags(
        &tagger("610100"),
        "大桥施工忙",
        "工人们从成都来，在工地上忙碌。",
    );
    assert!(!regions.contains(&"610100".to_string()), "{regions:?}");
}

#[test]
fn traditional_characters_are_read_as_simplified() {
    let mut a = article(
        "瀋陽市環衛職工技能競賽舉行",
        "瀋陽市總工會在蘇家屯區舉辦環衛職工技能競賽。",
    );
    tagger("210100").tag(&mut a);
    assert_eq!(a.regions, ["210111"]);
    assert!(
        a.topics.contains(&"competition".to_string()),
        "{:?}",
        a.topics
    );
    assert_eq!(
        a.title, "瀋陽市環衛職工技能競賽舉行",
        "the article is left as printed"
    );
}

#[test]
fn new_areas_without_a_code_are_filed_under_their_city() {
    let (regions, _) = tags(
        &tagger("610000"),
        "曲江新区举办女职工活动",
        "曲江新区工会女职委组织女职工参加手工制作。",
    );
    assert_eq!(regions, ["610100"]);
}

#[test]
fn everyday_coverage_finds_its_topic() {
    let t = tagger("330000");
    let cases = [
        (
            "村里办起村晚",
            "村民自编自演，村晚热闹非凡，广场舞和戏曲轮番上演。",
            "culture",
        ),
        (
            "法庭走进田间地头",
            "法官在村口开庭，现场调解一起土地纠纷。",
            "law",
        ),
        (
            "马铃薯喜获丰收",
            "种植户忙着收获马铃薯，田间地头一派繁忙。",
            "agriculture",
        ),
        (
            "商圈空中连廊开建",
            "商圈连廊串联多个商业综合体，方便市民通行。",
            "economy",
        ),
        (
            "两地工会考察交流",
            "外地工会一行来我市考察交流，互学经验。",
            "cooperation",
        ),
    ];
    for (title, body, topic) in cases {
        let (_, topics) = tags(&t, title, body);
        assert!(topics.contains(&topic.to_string()), "{title}: {topics:?}");
    }
}

#[test]
fn a_provinces_paper_files_a_short_item_under_the_place_it_names_twice() {
    let t = tagger("420000");
    let (regions, _) = tags(
        &t,
        "县城新路通车",
        "房县新修的环城路通车。近年来，房县不断改善出行条件。",
    );
    assert_eq!(regions, ["420325"]);
    let (regions, _) = tags(
        &t,
        "县城新路通车",
        "一条新修的环城路通车，来自房县的司机试驾。",
    );
    assert!(regions.is_empty(), "once is in passing: {regions:?}");
}

#[test]
fn a_stray_converted_character_does_not_make_an_article_traditional() {
    // 乾 is also a simplified character (乾丰镇); converters turn it into 干.
    let (regions, _) = tags(
        &tagger("500119"),
        "乾丰镇开展河道巡查",
        "乾丰镇组织镇村干部开展河道巡查，检查水质和河面漂浮物。",
    );
    assert_eq!(regions, ["500119126"]);
}

#[test]
fn banners_by_the_names_the_press_uses() {
    let (regions, _) = tags(
        &tagger("150000"),
        "土左旗总工会开展劳模访谈",
        "土左旗总工会邀请劳模讲述奋斗故事。",
    );
    assert_eq!(regions, ["150121"]);
    let (regions, _) = tags(
        &tagger("150000"),
        "繁荣发展的莫旗教育",
        "莫旗各族学生在新校园上课。莫旗教育事业发展迅速。",
    );
    assert_eq!(regions, ["150722"]);
}

#[test]
fn contest_and_title_names_are_not_places() {
    let (regions, _) = tags(
        &tagger("360000"),
        "兴国县举办安康杯知识竞赛",
        "兴国县总工会举办安康杯知识竞赛，安康杯竞赛已连续举办多年。",
    );
    assert_eq!(regions, ["360732"]);
    let (regions, _) = tags(
        &tagger("430000"),
        "长沙县获评四好农村路全国示范县",
        "长沙县交通部门介绍示范县创建经验。",
    );
    assert_eq!(regions, ["430121"]);
}

#[test]
fn converted_place_names_are_put_right_and_busy_words_are_no_venue() {
    // 瀋陽 converts to 渖阳 character by character; the data puts it right.
    let mut a = article(
        "瀋陽市環衛職工技能競賽舉行",
        "瀋陽市總工會舉辦環衛職工技能競賽。",
    );
    tagger("210000").tag(&mut a);
    assert_eq!(a.regions, ["210100"]);
    // 正在宁波工作: 宁波 is where someone works, not where the event is.
    let (regions, _) = tags(
        &tagger("330000"),
        "全省职工运动会开幕",
        "浙江省职工运动会今天开幕。他正在宁波工作期间成立了职工篮球队。全省各地职工参加，浙江省总工会主办，我省各级工会组团参赛。",
    );
    assert_eq!(regions, ["330000"]);
}

#[test]
fn beijings_area_offices_are_its_towns_and_old_characters_still_name_a_place() {
    // 马坊地区 is 马坊镇 in the press.
    let (regions, _) = tags(
        &tagger("110000"),
        "村里办起了村报",
        "平谷区马坊镇一个村的大学生村官办起村报，村民争相阅读。",
    );
    assert_eq!(regions, ["110117005"]);
    // 簰洲湾 is the 牌洲湾镇 of the codes.
    let (regions, _) = tags(
        &tagger("421200"),
        "荷塘除草忙",
        "嘉鱼县簰洲湾镇一个村的荷塘里，村民正在除草。",
    );
    assert_eq!(regions, ["421221107"]);
}

#[test]
fn roads_and_river_banks_named_after_places_are_not_those_places() {
    // A Zhangjiakou street and a Qingdao road: not 安阳's 北关区, not Hangzhou.
    let (regions, _) = tags(
        &tagger("130700"),
        "张家口市桥西区北关街社区开展志愿服务",
        "张家口市桥西区北关街社区的志愿者清扫了北关街和杭州路。",
    );
    assert_eq!(regions, ["130703"]);
    // 鲁湖南岸 is the lake's south bank, not 湖南.
    let (regions, _) = tags(
        &tagger("420100"),
        "江夏区鲁湖南岸稻花飘香",
        "武汉市江夏区鲁湖南岸的稻田里，农民正在查看长势。",
    );
    assert_eq!(regions, ["420115"]);
    // A town's 街道 is still the town.
    let (regions, _) = tags(
        &tagger("330000"),
        "罗星街道开展志愿服务",
        "嘉善县罗星街道组织志愿者服务。",
    );
    assert_eq!(regions, ["330421002"]);
    // A street's life, a road's stretch: still the place.
    let (regions, _) = tags(
        &tagger("330000"),
        "宁波街头志愿者多",
        "宁波街头处处有志愿者，宁波路段的交通也顺畅。",
    );
    assert_eq!(regions, ["330200"]);
    // 龙泉地区 is the area of 龙泉, though Beijing has a town of that name.
    let (regions, _) = tags(
        &tagger("330000"),
        "龙泉地区茶叶丰收",
        "龙泉地区的茶农迎来丰收，龙泉地区茶园面积扩大。",
    );
    assert_eq!(regions, ["331181"]);
}

#[test]
fn a_headline_naming_a_county_and_its_town_is_about_the_town() {
    // Another town of the county is named once, in passing: the headline's
    // town is still the place.
    let (regions, _) = tags(
        &tagger("360000"),
        "宜丰县总工会走进新庄镇中心小学宣讲",
        "宜丰县总工会到宜丰县新庄镇中心小学宣讲,来自潭山镇的一名宜丰县劳模发言。宜丰县总工会主席出席。",
    );
    assert_eq!(regions, ["360924103"]);
}

#[test]
fn the_place_of_a_dateline_is_where_the_story_is() {
    // 渭源 only in the dateline; its city named three times.
    let (regions, _) = tags(
        &tagger("620000"),
        "文化旅游节开幕",
        "本报渭源讯 定西市的游客来到景区。定西市文旅部门说,定西市今年还有多项节会。",
    );
    assert_eq!(regions, ["621123"]);
    // With a date in it too.
    let (regions, _) = tags(
        &tagger("620000"),
        "文化旅游节开幕",
        "本报渭源7月17日电 定西市的游客来到景区。定西市文旅部门说,定西市今年还有多项节会。",
    );
    assert_eq!(regions, ["621123"]);
    // Not a dateline: the same words deep in the story are a passing mention.
    let filler = "游客们在景区里参观游览,感受传统文化的魅力。".repeat(12);
    let (regions, _) = tags(
        &tagger("620000"),
        "文化旅游节开幕",
        &format!(
            "定西市的游客来到景区。{filler}定西市文旅部门说,定西市今年还有多项节会,本报渭源讯。"
        ),
    );
    assert_eq!(regions, ["621100"]);
}

#[test]
fn a_campaigns_title_and_a_conjunction_are_not_counties() {
    // 健康县 (a "healthy county" title) is not 康县; 协会和县总工会 is
    // "the association and the county's union", not 和县's.
    let (regions, _) = tags(
        &tagger("620000"),
        "临夏县通过省级健康县评审",
        "临夏县创建省级健康县,健康县工作纳入全县重点工作。",
    );
    assert_eq!(regions, ["622921"]);
    let (regions, _) = tags(
        &tagger("320000"),
        "东海县举办职工摄影展",
        "作品在县摄影家协会和县总工会的公众号上展出。东海县总工会主办。",
    );
    assert_eq!(regions, ["320722"]);
    // Also when the word before is matched first (县委, 市总工会).
    let (regions, _) = tags(
        &tagger("320000"),
        "东海县举办职工摄影展",
        "县委和县政府高度重视,市总工会和县总工会联合主办。东海县总工会承办。",
    );
    assert_eq!(regions, ["320722"]);
}
