"""Shared paths and helpers for the ingest tests."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
# The seed articles live beside the project, never inside it.
SEEDS = (Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds").resolve()

# Short news paragraphs written for these tests, one per language.
FOREIGN = {
    "de": (
        "Die Außenminister beider Länder haben sich am Montag in der Hauptstadt getroffen, um über den "
        "Entwurf eines Friedensvertrags zu sprechen. Ergebnisse wurden nicht bekannt gegeben, aber die "
        "Gespräche sollen im nächsten Monat weitergehen."
    ),
    "fr": (
        "Les ministres des Affaires étrangères des deux pays se sont rencontrés lundi dans la capitale pour "
        "discuter du projet de traité de paix. Aucun résultat n'a été annoncé, mais les discussions doivent "
        "reprendre le mois prochain."
    ),
    "es": (
        "Los ministros de Asuntos Exteriores de los dos países se reunieron el lunes en la capital para "
        "hablar del borrador de un tratado de paz. No se anunciaron resultados, pero las conversaciones "
        "continuarán el próximo mes."
    ),
    "ru": (
        "Министры иностранных дел двух стран встретились в понедельник в столице, чтобы обсудить проект "
        "мирного договора. Результаты не объявлены, но переговоры продолжатся в следующем месяце."
    ),
    "tr": (
        "İki ülkenin dışişleri bakanları pazartesi günü başkentte bir araya gelerek barış anlaşması "
        "taslağını görüştü. Herhangi bir sonuç açıklanmadı, ancak görüşmelerin gelecek ay devam etmesi "
        "bekleniyor."
    ),
    "hy": (
        "Երկու երկրների արտաքին գործերի նախարարները երկուշաբթի հանդիպեցին մայրաքաղաքում՝ քննարկելու "
        "խաղաղության պայմանագրի նախագիծը։ Արդյունքներ չեն հայտարարվել։"
    ),
}

ENGLISH = (
    "The foreign ministers of the two countries met on Monday in the capital to discuss the draft of a "
    "peace treaty. No results were announced, but the talks are expected to continue next month, "
    "officials said after the meeting."
)


@pytest.fixture
def write(tmp_path: Path):
    """Write bytes or text to a file under tmp_path and return its path."""

    def _write(name: str, content: bytes | str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return _write
