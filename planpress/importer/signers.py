"""The roster (source/people.yaml) as import needs it: the roster person who signed each row of
the original's 审核批准 table, found by exact name; for a name the roster lacks, an entry proposed
in the report (import never writes people.yaml: who may sign is not a guess to make); and the day
from which approvals must be electronic (planpress.yaml `signatures.electronic_since`).

A proposed person's key is the pinyin of the name: surname, hyphen, given name (孙晓琳 →
sun-xiaolin, 欧阳娜娜 → ouyang-nana), with a number when the key is taken (sun-xiaolin-2). pypinyin
is imported only when a person is proposed, without its phrase dictionary (0.1 s to load, and
phrase readings are for words, not names): a name is read character by character, with the
readings surnames have (单 shan, 曾 zeng, 解 xie …) in SURNAMES.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import unicodedata
from pathlib import Path

from ..sources.marks import UNKNOWN
from .stream import Place


# Surnames of two characters, and single-character surnames whose reading as a surname is not the
# character's usual one (pypinyin's first reading).
COMPOUND_SURNAMES = {
    "欧阳": "ouyang", "司马": "sima", "诸葛": "zhuge", "上官": "shangguan", "东方": "dongfang", "皇甫": "huangfu",
    "尉迟": "yuchi", "公孙": "gongsun", "慕容": "murong", "令狐": "linghu", "长孙": "zhangsun", "宇文": "yuwen",
    "司徒": "situ", "司空": "sikong", "夏侯": "xiahou", "轩辕": "xuanyuan", "端木": "duanmu", "独孤": "dugu",
    "南宫": "nangong", "西门": "ximen", "万俟": "moqi", "呼延": "huyan", "澹台": "tantai", "公冶": "gongye",
    "申屠": "shentu", "太史": "taishi", "闻人": "wenren", "赫连": "helian", "钟离": "zhongli", "宗政": "zongzheng",
    "濮阳": "puyang", "淳于": "chunyu", "单于": "chanyu", "百里": "baili", "拓跋": "tuoba", "东郭": "dongguo",
}
SURNAMES = {
    "单": "shan", "曾": "zeng", "解": "xie", "查": "zha", "仇": "qiu", "朴": "piao", "区": "ou", "乐": "yue",
    "盖": "ge", "缪": "miao", "翟": "zhai", "覃": "qin", "召": "shao", "黑": "he", "秘": "bi", "员": "yun",
    "种": "chong", "柏": "bai", "祭": "zhai", "阚": "kan", "隗": "wei", "繁": "po", "过": "guo", "能": "nai",
    "藏": "zang", "牟": "mou", "谌": "chen", "冼": "xian", "折": "she", "都": "du", "重": "chong", "薄": "bo",
    "长": "chang", "尉": "wei", "沈": "shen", "贾": "jia", "燕": "yan", "宓": "mi", "句": "gou", "朝": "chao",
}
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
NOT_KEY = re.compile(r"[^a-z0-9]+")


def normal_name(name: str) -> str:
    """A name as the roster writes it: NFC, no spaces next to a Chinese character (孙 晓琳 → 孙晓琳),
    other runs of spaces as one."""
    text = unicodedata.normalize("NFC", name).strip()
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"(?<=[\u3400-\u9fff]) | (?=[\u3400-\u9fff])", "", text)


def _pinyin():
    """pypinyin's lazy_pinyin, imported without the phrase dictionary (the environment as it was)."""
    import os
    import sys
    if "pypinyin" not in sys.modules:
        switches = ("PYPINYIN_NO_PHRASES", "PYPINYIN_NO_DICT_COPY")
        saved = {name: os.environ.get(name) for name in switches}
        os.environ.update(dict.fromkeys(switches, "1"))
        try:
            import pypinyin  # noqa: F401
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
    from pypinyin import Style, lazy_pinyin
    return lambda ch: lazy_pinyin(ch, style=Style.NORMAL)[0].lower()


def key_for(name: str) -> str:
    """孙晓琳 → sun-xiaolin, 欧阳修 → ouyang-xiu, 单田芳 → shan-tianfang, John Smith → john-smith."""
    name = normal_name(name)
    if HAN.search(name):
        reading = _pinyin()
        if all(HAN.match(ch) for ch in name) and len(name) >= 2:
            surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s) and len(name) > len(s)), name[0])
            head = COMPOUND_SURNAMES.get(surname) or SURNAMES.get(surname) or reading(surname)
            key = f"{head}-{''.join(reading(ch) for ch in name[len(surname):])}"
        else:  # other characters in it: each Chinese character's syllable, the rest as written
            key = "-".join(reading(ch) if HAN.match(ch) else ch for ch in name)
    else:
        key = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return NOT_KEY.sub("-", key.lower()).strip("-") or "person"


@dataclasses.dataclass
class Person:
    key: str
    name: str
    department: str
    title: str
    new: bool = False
    place: Place | None = None  # where a new person signed in the original
    role: str = ""              # the role a new person signs in the document imported

    def snippet(self) -> str:
        """The roster entry as YAML lines to add under `people:` (for the report)."""
        from .writer import scalar
        return "\n".join([f"  {self.key}:", f"    name: {scalar(self.name)}", f"    department: {scalar(self.department)}",
                          f"    title: {scalar(self.title)}", "    certificates: []"])


@dataclasses.dataclass
class Roster:
    path: Path
    people: dict[str, Person]
    old: str | None = None      # the file's text; None when the project has no people.yaml
    data: object = None         # its round-trip data (where `people:` ends)
    closed: str = ""            # why no person can be added (no people.yaml, `people:` in flow style …)
    unlisted: list = dataclasses.field(default_factory=list)  # records.Signature imported by name for that reason
    proposed: list = dataclasses.field(default_factory=list)  # Person entries proposed in the report

    @classmethod
    def load(cls, root: Path) -> "Roster":
        path = root / "source" / "people.yaml"
        if not path.exists():
            return cls(path, {}, closed="项目里没有签署人名册 source/people.yaml")
        from ruamel.yaml import YAML
        from ruamel.yaml.error import YAMLError
        old = path.read_text("utf-8")
        try:
            data = YAML(typ="rt").load(old)
        except YAMLError:
            from .errors import failure
            raise failure(path, "签署人名册 source/people.yaml 读不出来，导入需要用它找到每位签署人。",
                          "先运行 planpress check，按提示改好 people.yaml，再导入。") from None
        if not isinstance(data, dict) or not isinstance(data.get("people", {}) or {}, dict):
            return cls(path, {}, old, data, closed="签署人名册 source/people.yaml 的格式不对（见 planpress check）")
        people = {}
        for key, entry in (data.get("people") or {}).items():
            if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                people[str(key)] = Person(str(key), entry["name"], str(entry.get("department") or ""), str(entry.get("title") or ""))
        roster = cls(path, people, old, data)
        listed = data.get("people")
        if listed is not None and listed.fa.flow_style():
            roster.closed = "签署人名册 source/people.yaml 的 people 写在一行里（流式），导入不改写已有的行"
        return roster

    def named(self, name: str) -> list[Person]:
        wanted = normal_name(name)
        return [p for p in self.people.values() if normal_name(p.name) == wanted]

    def propose(self, name: str, department: str | None, title: str | None, place: Place | None, role: str) -> Person:
        """The roster entry import proposes for a signatory the roster lacks (the same one for a
        person who signs twice); people.yaml is not changed."""
        wanted = normal_name(name)
        for person in self.proposed:
            if person.name == wanted:
                return person
        base = key_for(name)
        key, n = base, 2
        while key in self.people or any(p.key == key for p in self.proposed):
            key, n = f"{base}-{n}", n + 1
        person = Person(key, wanted, department or UNKNOWN, title or UNKNOWN, True, place, role)
        self.proposed.append(person)
        return person


def electronic_since(root: Path) -> datetime.date | None:
    """planpress.yaml `signatures.electronic_since` (None when it is not set or cannot be read:
    `planpress check` reports that file's own problems)."""
    path = root / "source" / "planpress.yaml"
    try:
        from ruamel.yaml import YAML
        data = YAML(typ="safe", pure=False).load(path.read_text("utf-8")) if path.exists() else None
        day = data["signatures"]["electronic_since"]
    except Exception:  # noqa: BLE001
        return None
    if isinstance(day, datetime.date) and not isinstance(day, datetime.datetime):
        return day
    try:
        return datetime.date.fromisoformat(str(day))
    except ValueError:
        return None
