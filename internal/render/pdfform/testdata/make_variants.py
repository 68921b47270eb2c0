#!/usr/bin/env python3
"""Makes the re-saved, renamed and encrypted variants of the real forms in
this folder with qpdf 11 (see README.md). Each variant changes only the
objects named below, through qpdf's JSON update mode (--update-from-json),
which keeps every other object of the original producer as it was.

Run from this folder: python3 make_variants.py
"""
import json
import subprocess


def obj(pdf, ref):
    """The qpdf JSON of one object ("12 0 R" or "trailer")."""
    key = ref.split()[0] if ref != "trailer" else ref
    out = subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", "--json-object=" + key, pdf],
                         check=True, capture_output=True).stdout
    objects = json.loads(out)["qpdf"][1]
    return objects["obj:" + ref if ref != "trailer" else "trailer"]["value"]


def update(src, dst, changes):
    """Writes dst: src with the objects in changes ({ref: value}) replaced."""
    doc = {"qpdf": [{"jsonversion": 2, "pushedinheritedpageresources": False, "calledgetallpages": False},
                    {"obj:" + ref: {"value": value} for ref, value in changes.items()}]}
    with open("/tmp/quire-variant.json", "w") as f:
        json.dump(doc, f)
    subprocess.run(["qpdf", src, "--update-from-json=/tmp/quire-variant.json", dst], check=True)


def plain(src):
    """A copy of src without object streams: qpdf 11.3 ignores JSON updates
    of objects kept in object streams. Object numbers may change, so the
    objects to change are looked up in the copy."""
    out = "/tmp/quire-plain-" + src
    subprocess.run(["qpdf", "--object-streams=disable", src, out], check=True)
    return out


def catalog_ref(pdf):
    return obj(pdf, "trailer")["/Root"]


def acroform(pdf):
    ref = obj(pdf, catalog_ref(pdf))["/AcroForm"]
    return ref, obj(pdf, ref)


def tree(pdf, ref):
    """Yields (ref, dict) for ref and every node below it."""
    d = obj(pdf, ref)
    yield ref, d
    for kid in d.get("/Kids", []):
        yield from tree(pdf, kid)


def field_named(pdf, partial):
    _, form = acroform(pdf)
    for root in form["/Fields"]:
        for ref, d in tree(pdf, root):
            if d.get("/T") == "u:" + partial:
                return ref, d
    raise KeyError(partial)


# 1040: the page-2 subform cut out of the field tree; its 122 fields stay
# on page 2 as widgets (a re-save that keeps only part of the tree).
src = plain("prefilled_f1040.pdf")
root, top = field_named(src, "topmostSubform[0]")
page2, _ = field_named(src, "Page2[0]")
top["/Kids"].remove(page2)
update(src, "f1040-resaved.pdf", {root: top})

# 160F: /Fields emptied, every widget kept on the page.
src = plain("160F-2019.pdf")
ref, form = acroform(src)
form["/Fields"] = []
update(src, "160F-no-fields.pdf", {ref: form})

# Two pages: no /AcroForm at all in the catalog.
src = plain("form_two_pages.pdf")
cat = catalog_ref(src)
catalog = obj(src, cat)
del catalog["/AcroForm"]
update(src, "form_two_pages-no-acroform.pdf", {cat: catalog})

# Two pages: Text2 has an empty name, and so has the widget kid of Text1.
ref, text2 = field_named(src, "Text2")
text2["/T"] = "u:"
_, text1 = field_named(src, "Text1")
kid_ref = text1["/Kids"][0]
kid = obj(src, kid_ref)
kid["/T"] = "u:"
update(src, "form_two_pages-empty-name.pdf", {ref: text2, kid_ref: kid})

# Buttons: /Fields lists the terminal nodes (the checkboxes and the widgets
# of the radio groups) instead of the tree's root.
src = plain("annotation-button-widget.pdf")
ref, form = acroform(src)
form["/Fields"] = [r for root in form["/Fields"] for r, d in tree(src, root) if "/Kids" not in d]
update(src, "button-widgets-listed.pdf", {ref: form})

# Buttons: a stale /V on the second widget of a radio group whose value is
# /1 (what some producers leave on every widget).
_, group = field_named(src, "LijstKeuzerondje[0]")
kid_ref = group["/Kids"][1]
kid = obj(src, kid_ref)
kid["/V"] = "/1"
update(src, "button-stale-kid-value.pdf", {kid_ref: kid})

# AES-256 (R6), no user password.
subprocess.run(["qpdf", "--encrypt", "", "owner", "256", "--", "form_two_pages.pdf", "form_two_pages-aes256.pdf"], check=True)
# AES-256 whose /Perms does not match /P: qpdf opens it (with a warning),
# pdfcpu refuses it. The byte is flipped in place, so no offset moves.
subprocess.run(["qpdf", "--qdf", "--object-streams=disable", "--encrypt", "", "owner", "256", "--",
                "form_two_pages.pdf", "/tmp/quire-aes.pdf"], check=True)
data = open("/tmp/quire-aes.pdf", "rb").read()
at = data.index(b"/Perms <") + len(b"/Perms <")
flipped = b"0" if data[at:at + 1] != b"0" else b"1"
open("form_two_pages-aes256-perms.pdf", "wb").write(data[:at] + flipped + data[at + 1:])
