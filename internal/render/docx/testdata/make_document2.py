#!/usr/bin/env python3
"""Makes office365-document2.docx from libreoffice-invoice.docx the way
Office 365 lays out some documents: the main part is word/document2.xml
(its relationships word/_rels/document2.xml.rels), named by _rels/.rels and
declared in [Content_Types].xml. Every other part is copied unchanged.

Run from this folder: python3 make_document2.py
"""
import zipfile

SRC, DST = "libreoffice-invoice.docx", "office365-document2.docx"
RENAME = {"word/document.xml": "word/document2.xml",
          "word/_rels/document.xml.rels": "word/_rels/document2.xml.rels"}

with zipfile.ZipFile(SRC) as src, zipfile.ZipFile(DST, "w", zipfile.ZIP_DEFLATED) as dst:
    for info in src.infolist():
        data = src.read(info.filename)
        if info.filename == "_rels/.rels":
            data = data.replace(b'Target="word/document.xml"', b'Target="word/document2.xml"')
            assert b"document2.xml" in data
        if info.filename == "[Content_Types].xml":
            data = data.replace(b'PartName="/word/document.xml"', b'PartName="/word/document2.xml"')
            assert b"document2.xml" in data
        dst.writestr(RENAME.get(info.filename, info.filename), data)
