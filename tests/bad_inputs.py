"""The bad-input corpus: what real exports do to an ingester, one small file per defect.

Each entry gives the file's bytes and what must come out: the counts (``read = loaded + duplicates +
quarantined``) and texts that must be stored exactly as written (accents, emoji, line breaks).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

BIG_FIELD = ("Le vaccin arrive quand? " * 90_000)[:2_000_000]  # a 2 MB field: rows glued by a broken quote


@dataclass
class BadInput:
    name: str
    content: bytes
    read: int = 0
    loaded: int = 0
    duplicates: int = 0
    quarantined: int = 0
    texts: list[str] = field(default_factory=list)  # stored exactly so
    error: str | None = None  # a file that cannot be read at all: the words its one error line holds


def _csv(lines: list[str], newline: str = "\n", encoding: str = "utf-8") -> bytes:
    return (newline.join(lines) + newline).encode(encoding)


CORPUS: list[BadInput] = [
    BadInput("excel_export_fr.csv",  # Excel on Windows: semicolons, Windows-1252, CRLF
             _csv(["id;date;auteur;message", "e1;14/04/2020 10:00;Jean;Très fâché contre la santé publique",
                   "e2;14/04/2020 11:00;Marie;Où est-ce qu'on peut se faire tester à Québec? Ça presse…",
                   "e3;14/04/2020 12:30;Luc;Merci à l'équipe, 20 € de masques c'est cher"], "\r\n", "cp1252"),
             read=3, loaded=3, texts=["Très fâché contre la santé publique",
                                      "Merci à l'équipe, 20 € de masques c'est cher"]),
    BadInput("bom_crlf_multiline.csv",
             b"\xef\xbb\xbf" + _csv(["comment_id,created_at,text",
                                     'b1,2020-04-14T10:00:00Z,"Première ligne\r\ndeuxième ligne 😷"',
                                     'b2,2020-04-14T11:00:00Z,"Stay home, stay safe 🙏"'], "\r\n"),
             read=2, loaded=2, texts=["Première ligne\r\ndeuxième ligne 😷", "Stay home, stay safe 🙏"]),
    BadInput("nul_byte.csv",
             b"comment_id,created_at,text\nn1,2020-04-14T10:00:00Z,avant\x00apr\xc3\xa8s\nn2,2020-04-14T10:05:00Z,ok merci\n",
             read=2, loaded=2, texts=["avant\x00après"]),
    BadInput("giant_field.csv",
             _csv(["comment_id,created_at,text", f'g1,2020-04-14T10:00:00Z,"{BIG_FIELD}"', "g2,2020-04-14T10:01:00Z,merci"]),
             read=2, loaded=2, texts=["merci"]),
    BadInput("mixed_time_zones.csv",
             _csv(["comment_id,created_at,text", "t1,2020-04-14T10:00:00-04:00,heure de Montréal",
                   "t2,2020-04-14T14:00:00Z,UTC time", "t3,2020-04-14 16:00:00+02:00,heure de Paris",
                   "t4,1586872800,epoch seconds"]),
             read=4, loaded=4, texts=["heure de Montréal"]),
    BadInput("duplicates.csv",
             _csv(["comment_id,created_at,text", "d1,2020-04-14T10:00:00Z,répété", "d1,2020-04-14T10:00:00Z,répété",
                   "d2,2020-04-14T10:00:00Z,unique"]),
             read=3, loaded=2, duplicates=1, texts=["répété", "unique"]),
    BadInput("broken_json_line.jsonl",
             (json.dumps({"id": "j1", "created_at": "2020-04-14T10:00:00Z", "text": "ça va 👍"}, ensure_ascii=False) + "\n"
              + '{"id": "j2", "created_at": "2020-04-14T10:00:00Z", "text": "coupé\n'
              + json.dumps({"id": "j3", "created_at": "2020-04-14T11:00:00Z", "text": "fine"}) + "\n").encode("utf-8"),
             read=3, loaded=2, quarantined=1, texts=["ça va 👍"]),
    BadInput("empty.csv", b"", error="empty file"),
    BadInput("no_text_column.csv", _csv(["id,date,likes", "1,2020-04-14,3"]), error="no text column"),
]


def write_corpus(folder: Path) -> dict[str, Path]:
    """Write every file of :data:`CORPUS` into ``folder``; return their paths by name."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for item in CORPUS:
        paths[item.name] = folder / item.name
        paths[item.name].write_bytes(item.content)
    return paths
