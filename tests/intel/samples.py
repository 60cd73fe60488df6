"""Two short news texts (one Chinese, one English) shared by the ingest and CLI tests."""

ZH = (
    "嘉定片区经济运行情况\n\n"
    "去年嘉定片区完成税收60.4亿元、增长44.3%,创历史新高;实现规上工业产值179亿元。"
    "去年嘉定片区新增企业5604户、引进亿元项目50个。\n"
)
EN = (
    "Qingpu New City signs 40 projects\n\n"
    "Recently, Qingpu New City signed 40 projects with a total investment of 21 billion yuan. "
    "Last year the GDP of Qingpu District increased by 8.1%.\n"
)
