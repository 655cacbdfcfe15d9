"""The hospital directory (source/contacts.yaml) as import needs it: find a department by the
name a document uses (总务处 and 总务科 are one unit), turn an appendix contact table into
directory keys, propose new entries for the departments it lacks, and report a number that
differs from the directory (the directory's number stays; import never overwrites one)."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from pathlib import Path

from . import signers, values
from .data import Map, Seq
from .report import Report
from .stream import Place

SUFFIX = re.compile(r"(办公室|中心|科室|科|处|部|室|办|组|站|队|所)$")
PREFIX = re.compile(r"^(医院|院)")
DUTY = re.compile(r"^(?:备\s*注[：:])?\s*(?P<label>[^：:]*值班[^：:]*?)[：:](?P<phones>.+)$")
# common departments: a readable key for an entry import adds (the editor may change it)
KEYS = {"医务": "medical-affairs", "护理": "nursing", "门诊": "outpatient", "保卫": "security", "总务": "general-affairs",
        "后勤": "logistics", "病案": "medical-records", "设备": "equipment", "信息": "it", "药剂": "pharmacy",
        "药学": "pharmacy", "检验": "laboratory", "放射": "radiology", "急诊": "emergency", "质量管理": "quality",
        "院办": "president-office", "院长办公": "president-office", "党办": "party-office", "财务": "finance",
        "人事": "human-resources", "感染管理": "infection-control", "院感": "infection-control", "医保": "medical-insurance",
        "输血": "blood-transfusion", "手术": "operating-room", "麻醉": "anesthesiology", "消防": "fire-control",
        "宣传": "publicity", "科教": "research-education", "采购": "procurement", "基建": "construction",
        "总值班": "admin-duty", "行政总值班": "admin-duty", "公共卫生": "public-health", "预防保健": "public-health"}


def stem(name: str) -> str:
    return SUFFIX.sub("", PREFIX.sub("", name.strip()))


def spelled_key(name: str) -> str:
    """A unit no word of KEYS names, spelled in pinyin without its generic suffix: 网络中心 → wang-luo,
    电梯维保单位 → dian-ti-wei-bao-dan-wei (a proposal the editor reviews). pypinyin as for new people."""
    stem = SUFFIX.sub("", PREFIX.sub("", name.strip())) or name.strip()
    if signers.HAN.search(stem):
        reading = signers._pinyin()
        stem = "-".join(reading(part) if signers.HAN.match(part) else part
                        for part in re.findall(rf"{signers.HAN.pattern}|(?:(?!{signers.HAN.pattern}).)+", stem))
    key = signers.NOT_KEY.sub("-", unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode().lower()).strip("-")
    return key if key[:1].isalpha() else f"contact-{key}".rstrip("-")


@dataclasses.dataclass
class Entry:
    key: str
    name: str
    phones: dict[str, str]   # campus key → number; {"*": number} for one number at every campus
    line: int = 0
    new: bool = False
    phone_lines: dict = dataclasses.field(default_factory=dict)  # campus → line of its number
    place: Place | None = None  # where a new entry was found in the original
    description: str | None = None  # a new entry's description (a mobile number the original gives)

    def line_of(self, campus: str) -> int:
        return self.phone_lines.get(campus, self.phone_lines.get("*", self.line))

    def phone_at(self, campus: str) -> str | None:
        return self.phones.get(campus, self.phones.get("*"))


@dataclasses.dataclass
class Directory:
    path: Path
    campuses: dict[str, str]
    entries: dict[str, Entry]
    exists: bool = True

    @classmethod
    def load(cls, root: Path) -> "Directory":
        path = root / "source" / "contacts.yaml"
        if not path.exists():
            return cls(path, {}, {}, exists=False)
        from ruamel.yaml import YAML
        from ruamel.yaml.error import YAMLError
        try:
            data = YAML(typ="rt").load(path.read_text("utf-8")) or {}
        except (YAMLError, UnicodeDecodeError):
            from .errors import failure
            raise failure(path, "通讯录 source/contacts.yaml 读不出来，导入需要用它匹配科室和电话。",
                          "先运行 planpress check，按提示改好 contacts.yaml，再导入。") from None
        campuses = {str(k): str(v) for k, v in (data.get("campuses") or {}).items()}
        entries = {}
        for key, value in (data.get("contacts") or {}).items():
            if not isinstance(value, dict):
                continue
            phones = {str(k): str(v) for k, v in (value.get("phones") or {}).items()}
            if value.get("phone") is not None:
                phones = {"*": str(value["phone"])}
            line = value.lc.line + 1 if hasattr(value, "lc") else 0
            lines = {}
            if isinstance(value.get("phones"), dict) and hasattr(value["phones"], "lc"):
                lines = {str(c): value["phones"].lc.value(c)[0] + 1 for c in value["phones"]}
            elif value.get("phone") is not None:
                lines = {"*": value.lc.value("phone")[0] + 1}
            entries[str(key)] = Entry(str(key), str(value.get("name", key)), phones, line, phone_lines=lines)
        return cls(path, campuses, entries)

    def find(self, name: str) -> Entry | None:
        name = re.sub(r"\s+", "", name)
        for entry in self.entries.values():
            if entry.name == name:
                return entry
        wanted = stem(name)
        if len(wanted) < 2:
            return None
        for entry in self.entries.values():
            if SUFFIX.search(entry.name) and stem(entry.name) == wanted:
                return entry
        return None

    def by_phones(self, phones: dict[str, str]) -> Entry | None:
        for entry in self.entries.values():
            if phones and all(entry.phone_at(c) == p for c, p in phones.items()):
                return entry
        return None

    def campus_of(self, header: str) -> str | None:
        text = re.sub(r"\s+", "", header)
        for key, name in self.campuses.items():
            if name in text or (len(name) > 2 and name.removesuffix("院区") in text):
                return key
        return None

    def new_key(self, name: str) -> str:
        base = next((key for word, key in sorted(KEYS.items(), key=lambda kv: -len(kv[0])) if word in name), None) \
            or spelled_key(name)
        key, n = base, 2
        while key in self.entries:
            key, n = f"{base}-{n}", n + 1
        return key

    def add(self, name: str, phones: dict[str, str], place: Place | None, description: str | None = None) -> Entry:
        entry = Entry(self.new_key(name), name, phones, new=True, place=place, description=description)
        self.entries[entry.key] = entry
        return entry

    def mention_pattern(self) -> re.Pattern | None:
        """Department names as documents write them: the directory's names and their variants
        (医院保卫处 for 保卫科), and the public numbers (119, 110) of entries with one number."""
        words = set()
        for entry in self.entries.values():
            if "*" in entry.phones and len(entry.phones) == 1 and entry.phones["*"].isdigit() and len(entry.phones["*"]) <= 3:
                words.add(f"(?<![0-9]){re.escape(entry.phones['*'])}(?![0-9])")
            elif SUFFIX.search(entry.name) and len(stem(entry.name)) >= 2:
                words.add(f"(?:医院)?{re.escape(stem(entry.name))}(?:中心|科|处|部|室)")
            elif len(entry.name) >= 2:
                words.add(re.escape(entry.name))
        if not words:
            return None
        return re.compile("|".join(sorted(words, key=len, reverse=True)))

    def resolve_mention(self, word: str) -> Entry | None:
        if word.isdigit():
            return next((e for e in self.entries.values() if e.phones == {"*": word}), None)
        return self.find(word)


@dataclasses.dataclass
class ContactTable:
    keys: list[str]
    campuses: list[str]
    duty: Map | None = None


def contact_table(rows: list[list[str]], places: list[Place], directory: Directory, report: Report,
                  label: str) -> ContactTable | None:
    """An appendix table "科室 | 电话（滨河院区） | 电话（大学院区）" into directory keys; None when it is
    not such a table (other columns, no phone columns)."""
    if len(rows) < 2:
        return None
    header = [re.sub(r"\s+", "", h) for h in rows[0]]
    if len(header) < 2 or not re.search(r"科室|部门|单位|名称", header[0]):
        return None
    campuses: list[str | None] = []
    for cell in header[1:]:
        if not re.search(r"电话|号码", cell):
            return None
        campus = directory.campus_of(cell)
        if campus is None and len(header) == 2 and len(directory.campuses) == 1:
            campus = next(iter(directory.campuses))
        campuses.append(campus)
    if None in campuses:
        unknown = "、".join(h for h, c in zip(header[1:], campuses) if c is None)
        report.unplaced(places[0], f"{label}联络表的电话列“{unknown}”对不上通讯录里的院区（{'、'.join(directory.campuses.values()) or '通讯录里没有院区'}）。",
                        "导入把这张表作为普通表格保留；请在 source/contacts.yaml 的 campuses 里加上这个院区，或改表头后重新导入。")
        return None
    keys = []
    for row, place in zip(rows[1:], places[1:]):
        cells = [re.sub(r"\s+", "", c) for c in row]
        if not any(cells):
            continue
        name, phones = cells[0], {c: values.phone(p) for c, p in zip(campuses, cells[1:]) if p}
        if not name:
            report.unplaced(place, f"{label}联络表这一行没有科室名称（电话 {'、'.join(phones.values())}）。",
                            "导入没有收录这一行；请补上科室名称后重新导入，或在 contacts.yaml 里手工添加。", texts=list(phones.values()))
            continue
        entry = directory.find(name)
        if entry is None:
            entry = directory.add(name, phones, place)
            missing = [directory.campuses[c] for c in campuses if c not in phones]
            report.review(place, f"通讯录里没有“{name}”：导入新增条目 {entry.key}（{'，'.join(f'{directory.campuses[c]} {p}' for c, p in phones.items())}），标为待核对。",
                          "在 source/contacts.yaml 里核对名称、键和号码，然后删掉“待核对”的注释。"
                          + (f"缺少{'、'.join(missing)}的号码，请补上。" if missing else ""))
        else:
            if entry.name != name:
                report.defect(place, f"联络表写“{name}”，通讯录里叫“{entry.name}”：同一个科室有两种叫法。",
                              f"导入把这一行对应到通讯录的 {entry.key}（{entry.name}）；文件里显示通讯录的名称。", texts=[name])
            compare_numbers(entry, name, phones, place, directory, report)
        if entry.key not in keys:
            keys.append(entry.key)
    return ContactTable(keys, [c for c in campuses if c])


def duty_note(text: str, place: Place, directory: Directory, report: Report) -> Map | None:
    """备注：节假日行政总值班电话：滨河院区 3216116，大学院区 3212868。 → {label, contact}."""
    match = DUTY.match(re.sub(r"\s+", " ", text.strip()))
    if not match:
        return None
    label = re.sub(r"\s+", "", match.group("label"))
    phones: dict[str, str] = {}
    for part in re.split(r"[，,；;、]", match.group("phones").rstrip("。.")):
        number = re.search(r"[0-9][0-9\-]{2,}", part)
        if not number:
            continue
        campus = directory.campus_of(part) or (next(iter(directory.campuses)) if len(directory.campuses) == 1 else None)
        if campus is None:
            return None
        phones[campus] = number.group(0)
    if not phones:
        return None
    name = re.sub(r"^(节假日|夜间|下班后)+|电话$", "", label) or label
    entry = directory.by_phones(phones) or directory.find(name)
    if entry is None:
        entry = directory.add(name, phones, place)
        report.review(place, f"通讯录里没有值班电话“{label}”：导入新增条目 {entry.key}，标为待核对。",
                      "在 source/contacts.yaml 里核对名称和号码，然后删掉“待核对”的注释。")
    else:
        for campus, number in phones.items():
            known = entry.phone_at(campus)
            if known != number:
                report.defect(place, f"号码冲突：{label}{directory.campuses.get(campus, campus)}原文是 {number}，"
                              f"通讯录（source/contacts.yaml:{entry.line_of(campus)} {entry.key}）是 {known or '（没有）'}。",
                              "导入沿用通讯录，没有改动通讯录；请核实。", texts=[number])
    return Map(label=label, contact=entry.key)


PHONE_TOKEN = re.compile(r"(?<![0-9])[0-9][0-9\-]{2,}[0-9](?![0-9])")
CELL_FILLER = re.compile(r"^[\s/／,，;；、:：()（）]*(?:电话|号码)?[\s/／,，;；、:：()（）]*$")
# what a cell may say of its numbers: a landline (座机) or a mobile (手机); a mobile has no place in
# the directory (one number per campus), so it goes to a new entry's description, or the report
NUMBER_LABEL = re.compile(r"座机|固话|办公电话|值班手机|值班电话|移动电话|手机|电话")
MOBILE = re.compile(r"^1[3-9]\d{9}$")


def contact_cell(text: str, place: Place, directory: Directory, report: Report) -> Entry | None:
    """The directory entry a table cell shows by name and number ("保卫科 3216565", "信息科 滨河院区
    3216192 / 大学院区 3212852", "信息科（滨河院区 3216192，大学院区 3212852）"), or None when the cell
    is not a contact. A department the directory lacks is added for review; a number that differs
    from the directory is reported and the directory's stays."""
    flat = re.sub(r"\s+", " ", text.strip())
    first = PHONE_TOKEN.search(flat)
    if first is None:
        return None
    campus_words = sorted(((name, key) for key, name in directory.campuses.items()), key=lambda pair: -len(pair[0]))
    campus_words += [(name.removesuffix("院区"), key) for name, key in list(campus_words) if len(name) > 2 and name.endswith("院区")]
    head = flat[:first.start()]
    cut = min([head.find(word) for word, _ in campus_words if word in head] + [len(head)])
    named = re.sub(r"[\s：:（(]+$", "", head[:cut])
    words = named.split()
    if directory.find(named) is not None:
        pass  # the directory's own name (信息科值班手机)
    elif len(words) > 1 and NUMBER_LABEL.fullmatch(words[-1]):  # 保卫科 值班手机 138…
        cut = named.rfind(words[-1])
    else:  # 行政总值班电话 3216116: the shortest label that ends the name
        ends = [named.rfind(label) for label in NUMBER_LABEL.pattern.split("|") if named.endswith(label) and len(named) > len(label)]
        cut = max(ends) if ends else cut
    name = re.sub(r"[\s(（:：]+$", "", head[:cut]).strip()
    if not name or not re.search(r"[\u4e00-\u9fff]", name):
        return None
    # the rest: campus names and numbers only, in either order ("滨河院区 3216192", "3216192（滨河）"),
    # each number maybe labelled (座机 3216565 / 手机 13800001111)
    rest = flat[len(head[:cut]):]
    pattern = "|".join([re.escape(word) for word, _ in campus_words] + [NUMBER_LABEL.pattern, PHONE_TOKEN.pattern])
    phones: dict[str, str] = {}
    pending_campus = pending_phone = pending_label = None
    position = 0
    loose: list[str] = []
    mobiles: list[tuple[str, str]] = []  # (label as written, number)
    labels: list[str] = []               # 座机, 手机 … as written: a directory reference does not print them
    for match in re.finditer(pattern, rest):
        if not CELL_FILLER.match(rest[position:match.start()]):
            return None  # other words between the numbers: a sentence, not a contact
        position = match.end()
        token = match.group(0)
        if NUMBER_LABEL.fullmatch(token):
            pending_label = token
            labels.append(token)
            continue
        campus = next((key for word, key in campus_words if word == token), None)
        if campus is not None:
            if pending_phone is not None:
                phones[campus], pending_phone = pending_phone, None
            else:
                pending_campus = campus
            continue
        label, pending_label = pending_label, None
        if MOBILE.match(token.replace("-", "")) or (label is not None and ("手机" in label or label == "移动电话")):
            mobiles.append((label or "手机", token, pending_campus))
            pending_campus = None
            continue
        if pending_phone is not None:
            loose.append(pending_phone)
        if pending_campus is not None:
            phones[pending_campus], pending_campus = token, None
        else:
            pending_phone = token
    if not CELL_FILLER.match(rest[position:]):
        return None
    if pending_phone is not None:
        loose.append(pending_phone)
    if mobiles and not phones and not loose:
        # only mobiles: they are the unit's numbers (信息科值班手机 滨河院区 138…), as any others
        for _, number, campus in mobiles:
            if campus is not None:
                phones[campus] = number
            else:
                loose.append(number)
        mobiles = []
    mobiles = [(label, number) for label, number, _ in mobiles]
    entry = directory.find(name)
    if entry is None and not directory.campuses:
        return None
    unplaced = []
    for number in loose:  # a number without its campus: the campus where the directory has it, or the only one
        campus = next((c for c in (entry.phones if entry else {}) if entry.phones[c] == number), None)
        if campus is None and len(directory.campuses) == 1:
            campus = next(iter(directory.campuses))
        if campus is None and entry is not None and len(set(entry.phones.values())) == 1:
            campus = next(iter(entry.phones))
        if campus is None:
            unplaced.append(number)
        else:
            phones[campus] = number
    if unplaced and entry is None and not phones and len(unplaced) == 1:
        phones["*"] = unplaced.pop()  # one number, no campus named: the same number at every campus
    if unplaced and entry is None:
        return None  # which campus each number belongs to cannot be told
    if unplaced:
        known = "，".join(f"{directory.campuses.get(c, '各院区')} {p}" for c, p in entry.phones.items())
        report.defect(place, f"号码冲突：表格里“{name}”的电话原文是 {'、'.join(unplaced)}，通讯录"
                      f"（source/contacts.yaml:{entry.line} {entry.key}）是 {known}。",
                      "导入沿用通讯录的号码，没有改动通讯录；请核实哪个号码正确，需要时在 contacts.yaml 里改。", texts=unplaced)
    if not phones and not unplaced:
        return None
    if entry is None and not (SUFFIX.search(name) or "值班" in name):
        report.review(place, f"表格里的“{flat}”有电话号码，但“{name}”不像通讯录里的科室或单位，导入按原文保留。",
                      "如果它是一个科室，把它加进 source/contacts.yaml，再把这一格改成 {contact: 键}：号码只写在通讯录里。")
        return None
    extra = "，".join(f"{label} {number}" for label, number in mobiles)
    if entry is None:
        entry = directory.add(name, phones, place, description=extra or None)
        shown = "，".join(f"{directory.campuses.get(c, '各院区')} {p}" for c, p in phones.items())
        report.review(place, f"表格里的“{name}”通讯录里没有：导入新增条目 {entry.key}（{shown}"
                      f"{'；' + extra + ' 写在它的说明 description 里' if extra else ''}），标为待核对；"
                      "单元格写成通讯录引用，号码只留在通讯录里。",
                      "在 source/contacts.yaml 里核对名称、键和号码，然后删掉“待核对”的注释。",
                      texts=labels + [number for _, number in mobiles])
        return entry
    if mobiles:
        report.unplaced(place, f"表格里“{name}”还写了{extra}：通讯录每个院区只有一个号码，导入把这一格写成通讯录的 {entry.key}"
                        f"（号码以 contacts.yaml 为准），{extra} 没有写进文件。",
                        f"如果这个号码要印出来，写进 source/contacts.yaml:{entry.line} {entry.key} 的 description（说明），"
                        "或把这一格改回文字。", texts=labels + [number for _, number in mobiles])
    elif labels:
        report.note(place, f"表格里的“{flat}”写成通讯录的 {entry.key}：印出名称和号码，“{'、'.join(labels)}”字样不再印出。", texts=labels)
    if entry.name != name:
        report.defect(place, f"表格写“{name}”，通讯录里叫“{entry.name}”：同一个单位有两种叫法。",
                      f"导入把这一格写成通讯录的 {entry.key}（{entry.name}）；文件里显示通讯录的名称和号码。", texts=[name])
    compare_numbers(entry, name, phones, place, directory, report, where="表格里")
    return entry


def compare_numbers(entry: Entry, name: str, phones: dict[str, str], place: Place | None, directory: Directory,
                    report: Report, where: str = "") -> None:
    """The original's numbers of a unit the directory has: one the directory lacks is for review,
    one that differs is a conflict; the directory's number stays (import never overwrites one)."""
    for campus, number in phones.items():
        known = entry.phone_at(campus)
        shown = directory.campuses.get(campus, campus)
        if known is None and not entry.new:
            report.review(place, f"“{name}”在{shown}的号码 {number} 通讯录里没有（{entry.key}）。",
                          f"请在 source/contacts.yaml:{entry.line} 的 {entry.key} 下补上这个院区的号码（导入不改动已有条目）。",
                          texts=[number])
        elif known is not None and known != number:
            report.defect(place, f"号码冲突：{where}“{name}”{shown}的电话原文是 {number}，"
                          f"通讯录（source/contacts.yaml:{entry.line_of(campus)} {entry.key}）是 {known}。",
                          "导入沿用通讯录的号码，没有改动通讯录；请核实哪个号码正确，需要时在 contacts.yaml 里改。", texts=[number])


def additions_text(directory: Directory, number: str, source: Path) -> str:
    """The YAML lines of the entries import adds, for the end of the `contacts:` mapping."""
    from .writer import scalar
    lines = []
    for entry in directory.entries.values():
        if not entry.new:
            continue
        lines.append("")
        lines.append(f"  # 待核对：由 planpress import 从 {source.name}（{entry.place}）新增，用于 {number}；核对后删掉这行注释。")
        lines.append(f"  {entry.key}:")
        lines.append(f"    name: {scalar(entry.name)}")
        if entry.description:
            lines.append(f"    description: {scalar(entry.description)}")
        if "*" in entry.phones:
            lines.append(f"    phone: \"{entry.phones['*']}\"")
        else:
            lines.append("    phones:")
            for campus, phone in entry.phones.items():
                lines.append(f"      {campus}: \"{phone}\"")
    return "\n".join(lines) + "\n" if lines else ""


def with_additions(text: str, additions: str) -> str:
    """contacts.yaml text with `additions` at the end of its `contacts:` mapping (nothing else moves)."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(r"^contacts\s*:", line)), None)
    if start is None:
        return text + ("" if text.endswith("\n") else "\n") + "contacts:\n" + additions
    end = len(lines)
    for i in range(start + 1, len(lines)):
        if lines[i].strip() and not lines[i][0].isspace() and not lines[i].startswith("#"):
            end = i
            break
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    head = "".join(lines[:end])
    if not head.endswith("\n"):
        head += "\n"
    return head + additions + "".join(lines[end:])


def mentions_in(text: str, directory: Directory) -> list[tuple[str, Entry]]:
    pattern = directory.mention_pattern()
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(text):
        entry = directory.resolve_mention(match.group(0))
        if entry is not None and all(word != match.group(0) for word, _ in found):
            found.append((match.group(0), entry))
    return found


def seq_keys(keys: list[str]) -> Seq:
    return Seq(keys)
