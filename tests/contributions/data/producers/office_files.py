"""The Office files of many parts: python-docx, openpyxl and python-pptx.

Each maker takes the folder to write to and a scratch folder, and returns the files made.
The pictures are small bar charts drawn with Pillow, each different, so that every one
is a part of its own.
"""

import io
from pathlib import Path

import docx
import openpyxl
import pptx
from docx.enum.section import WD_SECTION
from docx.shared import Cm
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image as SheetImage
from PIL import Image, ImageDraw
from pptx.util import Cm as SlideCm
from pptx.util import Pt
from report_text import pages, sections

AUTHOR = "CWG-COP secretariat"


def title(edition: str) -> str:
    return f"Report of CWG-COP 21, {edition}"


def closing(edition: str) -> str:
    return f"This ends the {edition}."


def chart_png(number: int) -> bytes:
    """A bar chart of six bars whose heights follow from `number`: a picture of its own."""
    picture = Image.new("P", (320, 180), 0)
    picture.putpalette([255, 255, 255, 0, 82, 147, 230, 126, 34, 40, 40, 40])
    draw = ImageDraw.Draw(picture)
    for bar in range(6):
        height = 20 + (number * 37 + bar * 53) % 130
        left = 20 + bar * 48
        draw.rectangle([left, 160 - height, left + 32, 160], fill=1 if bar % 2 else 2)
    draw.line([10, 160, 310, 160], fill=3, width=2)
    draw.text((12, 164), f"Figure {number}: replies to the survey by region", fill=3)
    stream = io.BytesIO()
    picture.save(stream, format="PNG", optimize=True)
    return stream.getvalue()


# ---- python-docx: 50 pictures, 50 tables, five sections with their headers and footers,
# comments


def python_docx_file(here: Path, work: Path) -> list[Path]:
    figures = 50
    edition = f"python-docx edition with {figures} figures"
    document = docx.Document()
    document.core_properties.title = title(edition)
    document.core_properties.author = AUTHOR
    document.add_heading(title(edition), level=0)
    report = pages(figures, characters=900)
    for page in report:
        if page.number > 1 and page.number % 10 == 1:
            section = document.add_section(WD_SECTION.NEW_PAGE)
            part = (page.number - 1) // 10 + 1
            section.header.is_linked_to_previous = False
            section.header.paragraphs[0].text = f"CWG-COP 21 report, part {part}"
            section.footer.is_linked_to_previous = False
            section.footer.paragraphs[0].text = f"Part {part}, figures {page.number} onwards"
        document.add_heading(f"Part {page.number}: {page.heading}", level=1)
        first = document.add_paragraph(page.paragraphs[0])
        if page.number % 2 == 0:
            document.add_comment(
                first.runs,
                text=f"Check the figures of part {page.number} with the region.",
                author=AUTHOR,
                initials="CS",
            )
        for paragraph in page.paragraphs[1:]:
            document.add_paragraph(paragraph)
        document.add_picture(io.BytesIO(chart_png(page.number)), width=Cm(8))
        document.add_paragraph(f"Figure {page.number}: replies to the survey by region")
        table = document.add_table(rows=4, cols=3)
        table.style = "Table Grid"
        for row, region in enumerate(("Region", "Africa", "Americas", "Europe")):
            cells = table.rows[row].cells
            cells[0].text = region
            cells[1].text = "Replies" if row == 0 else str(10 + (page.number * 7 + row) % 40)
            cells[2].text = "Share" if row == 0 else f"{(page.number * 13 + row * 7) % 100} %"
    first_section = document.sections[0]
    first_section.different_first_page_header_footer = True
    first_section.first_page_header.paragraphs[0].text = "Council Working Group on COP"
    first_section.header.paragraphs[0].text = "CWG-COP 21 report, part 1"
    first_section.footer.paragraphs[0].text = "Part 1, figures 1 onwards"
    document.add_paragraph(closing(edition))
    path = here / f"python-docx-{figures}-figures.docx"
    document.save(path)
    return [path]


# ---- openpyxl: 30 sheets, comments, headers and footers, pictures, charts, formulas


def openpyxl_file(here: Path, work: Path) -> list[Path]:
    count = 30
    edition = f"openpyxl edition in {count} sheets"
    rows = [(heading, paragraph) for heading, paragraphs in sections() for paragraph in paragraphs]
    workbook = openpyxl.Workbook()
    workbook.properties.title = title(edition)
    workbook.properties.creator = AUTHOR
    for number in range(1, count + 1):
        sheet = workbook.active if number == 1 else workbook.create_sheet()
        sheet.title = f"Sheet {number}"
        sheet.oddHeader.center.text = "CWG-COP 21 report"
        sheet.oddFooter.right.text = "Page &P of &N"
        if number == 1:
            sheet.append([title(edition)])
        sheet.append(["Paragraph", "Section", "Text", "Words", "Replies"])
        first_row = sheet.max_row + 1
        for index in range(40):
            heading, paragraph = rows[(number * 40 + index) % len(rows)]
            sheet.append(
                [index + 1, heading, paragraph[:300], len(paragraph.split()), (number * index) % 97]
            )
            if index % 10 == 0:
                sheet.cell(sheet.max_row, 3).comment = Comment(
                    f"Quoted from the report, sheet {number}.", AUTHOR
                )
        last_row = sheet.max_row
        sheet.append(["Total", None, None, f"=SUM(D{first_row}:D{last_row})", None])
        sheet.freeze_panes = sheet.cell(first_row, 1)
        sheet.auto_filter.ref = f"A{first_row - 1}:E{last_row}"
        if number % 3 == 0:
            picture = SheetImage(io.BytesIO(chart_png(number)))
            sheet.add_image(picture, "G2")
        if number % 5 == 0:
            chart = BarChart()
            chart.title = f"Replies, sheet {number}"
            chart.add_data(Reference(sheet, min_col=5, min_row=first_row - 1, max_row=last_row))
            sheet.add_chart(chart, "G14")
    sheet.append([closing(edition)])
    path = here / f"openpyxl-{count}-sheets.xlsx"
    workbook.save(path)
    return [path]


# ---- python-pptx: 40 slides, each with a picture and speaker notes, tables


def python_pptx_file(here: Path, work: Path) -> list[Path]:
    count = 40
    edition = f"python-pptx edition in {count} slides"
    presentation = pptx.Presentation()
    presentation.core_properties.title = title(edition)
    presentation.core_properties.author = AUTHOR
    cover = presentation.slides.add_slide(presentation.slide_layouts[0])
    cover.shapes.title.text = title(edition)
    cover.placeholders[1].text = "Twenty-first meeting, 30 September and 1 October 2024"
    report = pages(count - 2, characters=500)
    for page in report:
        slide = presentation.slides.add_slide(presentation.slide_layouts[5])
        slide.shapes.title.text = f"Part {page.number}: {page.heading}"
        slide.shapes.title.text_frame.paragraphs[0].font.size = Pt(28)
        box = slide.shapes.add_textbox(SlideCm(1.5), SlideCm(4.5), SlideCm(12), SlideCm(12))
        box.text_frame.word_wrap = True
        box.text_frame.text = page.paragraphs[0][:400]
        for paragraph in page.paragraphs[1:3]:
            box.text_frame.add_paragraph().text = paragraph[:200]
        for paragraph in box.text_frame.paragraphs:
            paragraph.font.size = Pt(14)
        slide.shapes.add_picture(
            io.BytesIO(chart_png(page.number)), SlideCm(14), SlideCm(5), width=SlideCm(10.5)
        )
        if page.number % 5 == 0:
            table = slide.shapes.add_table(
                3, 3, SlideCm(14), SlideCm(12), SlideCm(10.5), SlideCm(3)
            ).table
            for row, cells in enumerate(
                (("Region", "Replies", "Share"), ("Africa", "12", "30 %"), ("Europe", "28", "70 %"))
            ):
                for column, text in enumerate(cells):
                    table.cell(row, column).text = text
        slide.notes_slide.notes_text_frame.text = (
            f"Speaker notes for part {page.number}: the figures come from the survey."
        )
    last = presentation.slides.add_slide(presentation.slide_layouts[1])
    last.shapes.title.text = "Outcomes"
    last.placeholders[1].text = closing(edition)
    path = here / f"python-pptx-{count}-slides.pptx"
    presentation.save(path)
    return [path]
