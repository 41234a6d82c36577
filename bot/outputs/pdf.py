"""The letter as a printable A4 PDF, for people who post it or want a record of what they sent.

Layout follows a common European business letter: sender top left, recipient block below,
place and date on the right, the subject in bold, then the text, with "page / pages" in the
footer so a posted letter's pages can be checked. The fonts (see `bot.outputs.fonts`) cover
every supported language, Japanese included, and are embedded as subsets.
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from bot.letters import Letter
from bot.outputs.fonts import MAIN_FAMILY, register_fonts

MARGIN_LEFT = 25.0  # mm; room for a hole punch
MARGIN_RIGHT = 20.0
MARGIN_TOP = 20.0
MARGIN_BOTTOM = 22.0  # leaves the footer line free
BODY_SIZE = 10.5  # pt
LINE = 5.2  # mm per body line


class _LetterPDF(FPDF):
    """FPDF with the page-number footer ("1 / 2")."""

    def footer(self) -> None:
        """Print "page / total" centred at the bottom of every page."""
        self.set_y(-15)
        self.set_font(MAIN_FAMILY, "", 8.5)
        self.cell(0, 5, f"{self.page_no()} / {{nb}}", align=Align.C)


def _block(pdf: FPDF, lines: list[str], size: float, style: str = "") -> None:
    """Left-aligned lines, each wrapped if too long."""
    pdf.set_font(MAIN_FAMILY, style, size)
    for line in lines:
        pdf.multi_cell(0, size * 0.45, line, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def as_pdf(letter: Letter) -> bytes:
    """Render `letter`: its place (when given) goes before the date, in the letter's
    language; the fields are laid out, nothing is parsed back out of a text."""
    sender = [letter.sender_name, letter.sender_email]
    recipient = [letter.addressee, *letter.recipient_address_lines]
    dateline = letter.date_line

    pdf = _LetterPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
    pdf.set_auto_page_break(auto=True, margin=MARGIN_BOTTOM)
    pdf.set_title(letter.subject)
    pdf.set_lang(letter.language)
    pdf.set_creator("Clearview rights assistant")
    register_fonts(pdf, "".join([*sender, *recipient, dateline, letter.subject,
                                 *letter.information, letter.content, *letter.signature]))
    pdf.add_page()

    _block(pdf, sender, 9.5)
    pdf.set_y(max(pdf.get_y() + 12, 50))
    _block(pdf, recipient, BODY_SIZE)
    pdf.ln(10)
    pdf.set_font(MAIN_FAMILY, "", BODY_SIZE)
    pdf.cell(0, LINE, dateline, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(8)
    pdf.set_font(MAIN_FAMILY, "B", BODY_SIZE + 0.5)
    pdf.multi_cell(0, LINE + 0.3, letter.subject, align=Align.L, new_x=XPos.LMARGIN,
                   new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_font(MAIN_FAMILY, "", BODY_SIZE)
    for paragraph in ["\n".join(letter.information), *letter.content.split("\n\n"),
                      "\n".join(letter.signature)]:
        for line in paragraph.splitlines():
            pdf.multi_cell(0, LINE, line, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(LINE * 0.6)
    return bytes(pdf.output())
