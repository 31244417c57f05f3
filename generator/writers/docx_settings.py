"""``word/settings.xml`` as current Word expects it: schema-valid zoom and Word 2013+ layout rules.

python-docx's default template (and many corporate templates) declare ``compatibilityMode`` 14, so
Word 2013 and later open the file in Compatibility Mode, and a ``w:zoom`` without the ``w:percent``
the ISO/IEC 29500 schema requires.
"""
from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

from generator.writers.docx_xml import el

COMPATIBILITY_MODE = "15"  # Word 2013 and later
_WORD_URI = "http://schemas.microsoft.com/office/word"
# Children of w:settings in the order of CT_Settings (ISO/IEC 29500-1 §17.15.1.78), up to the ones
# this module inserts; a child is inserted before the first sibling that comes later in this list.
_ORDER = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
    "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges", "bordersDoNotSurroundHeader",
    "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors",
    "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate", "linkStyles",
    "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge", "revisionView",
    "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting", "documentProtection", "autoFormatOverride",
    "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit",
    "hyphenationZone", "doNotHyphenateCaps", "showEnvelope", "summaryLength", "clickAndTypeStyle",
    "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting",
    "bookFoldPrintingSheets", "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin",
    "doNotShadeFormData", "noPunctuationKerning", "characterSpacingControl", "printTwoOnOne",
    "strictFirstAndLastChars", "noLineBreaksAfter", "noLineBreaksBefore", "savePreviewPicture",
    "doNotValidateAgainstSchema", "saveInvalidXml", "ignoreMixedContent", "alwaysShowPlaceholderText",
    "doNotDemarcateInvalidXml", "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
    "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr", "compat",
)


def _insert(settings: etree._Element, child: etree._Element) -> None:
    """Insert ``child`` where CT_Settings puts it: before the first sibling that may not precede it."""
    earlier = set(_ORDER[:_ORDER.index(etree.QName(child).localname)])
    for sibling in settings:
        if isinstance(sibling.tag, str) and etree.QName(sibling).localname not in earlier:
            sibling.addprevious(child)
            return
    settings.append(child)


def _fix_zoom(settings: etree._Element) -> None:
    zoom = settings.find(qn("w:zoom"))
    if zoom is None:
        _insert(settings, el("w:zoom", {"w:percent": "100"}))
    elif zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")


def _compat_setting(compat: etree._Element, name: str) -> etree._Element | None:
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == name and setting.get(qn("w:uri")) == _WORD_URI:
            return setting
    return None


def _fix_compatibility_mode(settings: etree._Element) -> None:
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = el("w:compat")
        _insert(settings, compat)
    setting = _compat_setting(compat, "compatibilityMode")
    if setting is None:
        compat.append(el("w:compatSetting", {"w:name": "compatibilityMode", "w:uri": _WORD_URI,
                                             "w:val": COMPATIBILITY_MODE}))
    elif not setting.get(qn("w:val"), "").isdigit() or int(setting.get(qn("w:val"))) < int(COMPATIBILITY_MODE):
        setting.set(qn("w:val"), COMPATIBILITY_MODE)


def prepare_settings(settings: etree._Element) -> None:
    """Make ``settings`` (a ``w:settings`` element) schema-valid for zoom and Word 2013+ compatible."""
    _fix_zoom(settings)
    _fix_compatibility_mode(settings)
