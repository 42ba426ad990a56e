"""Build the sample corpus's PDF article from the text below.

Run from the repository root: ``python data/sample/make_pdf.py``. The PDF is
committed next to this script so that the demo and the ingest tests need no
reportlab; rerun the script after editing the text. ``invariant=1`` keeps the
output byte-identical between runs (no creation timestamp, fixed document id).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

OUT = Path(__file__).with_name("articles") / "2023-12-07-joint-statement-prisoners.pdf"
TITLE = "Armenia and Azerbaijan agree on prisoner releases in rare joint statement"

# The article in paragraphs; reportlab wraps them into hard lines, which is the
# shape PDF-extracted text arrives in.
PARAGRAPHS = (
    "Regional Peace Monitor | Briefing note",
    "7 December 2023",
    "The Office of the Prime Minister of Armenia and the Administration of the President of "
    "Azerbaijan released a joint statement on Thursday in which the two countries agreed to "
    "a set of confidence-building steps, the first document of its kind that they have agreed "
    "without a mediator.",
    "Under the statement, Azerbaijan is to release 32 Armenian servicemen it holds, and "
    "Armenia is to release two Azerbaijani servicemen. Both governments said the releases were "
    "a gesture of goodwill.",
    "Armenia also withdrew its bid to host the COP29 climate conference in 2024 and said it "
    "supports Azerbaijan's candidacy. In return, Azerbaijan backs Armenia's bid to join the "
    "bureau of the Eastern European group for the conference.",
    "The two sides said they share the view that there is a historic chance to reach long-awaited "
    "peace in the region, and that they will continue talks on further steps to build trust. "
    "They called on the international community to support their efforts.",
    "The statement came a week after the border commissions, led by the deputy prime ministers "
    "of the two countries, met on the border on 30 November without international participation. "
    "It also follows weeks in which Baku turned down Western-hosted talks, including a meeting "
    "of the foreign ministers in Washington on 20 November.",
    "Observers in Yerevan and Baku described the announcement as a sign that direct contacts "
    "between the two governments are producing results.",
    "Regional Peace Monitor publishes short briefings on negotiations in the South Caucasus. "
    "To receive them by email, subscribe on our website.",
)


def build(path: Path = OUT) -> Path:
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=2.5 * cm,
        rightMargin=2.5 * cm,
        title=TITLE,
        author="Regional Peace Monitor",
        invariant=1,
    )
    story = [Paragraph(TITLE, styles["Title"])]
    for text in PARAGRAPHS:
        story += [Paragraph(text, styles["BodyText"]), Spacer(1, 0.3 * cm)]
    doc.build(story)
    return path


if __name__ == "__main__":
    print(build())
