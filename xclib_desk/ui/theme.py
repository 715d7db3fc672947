"""统一标识 on screen: fonts, colours and logo come from the active standards package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtGui import QColor, QFont, QIcon
from PySide6.QtWidgets import QApplication

from ..standards.schema import Identity

# Chinese first: a desk must never show tofu boxes. The first installed family wins.
FONT_FAMILIES = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
    "sans-serif",
]


def logo_path() -> Path:
    return Path(str(resources.files("xclib_desk").joinpath("resources/standards/logo.svg")))


def logo_icon() -> QIcon:
    return QIcon(str(logo_path()))


def apply_base(app: QApplication) -> None:
    """Fonts and a neutral style before any package is known (setup, sign-in)."""
    app.setStyle("Fusion")
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSize(10)
    app.setFont(font)
    app.setWindowIcon(logo_icon())


def _readable_on(bg: str) -> str:
    """Black or white text, whichever keeps contrast on a district colour (WCAG luminance)."""
    c = QColor(bg)

    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())
    return "#ffffff" if lum < 0.4 else "#1a1a1a"


def stylesheet(identity: Identity) -> str:
    primary = identity.primary_color
    accent = identity.accent_color
    on_primary = _readable_on(primary)
    return f"""
    QWidget#Banner {{ background: {primary}; }}
    QLabel#BannerTitle {{ color: {on_primary}; font-size: 15pt; font-weight: bold; }}
    QLabel#BannerSub {{ color: {on_primary}; font-size: 10pt; }}
    QListWidget#Nav {{ background: #f4f1ea; border: none; font-size: 12pt; }}
    QListWidget#Nav::item {{ padding: 10px 12px; }}
    QListWidget#Nav::item:selected {{ background: {primary}; color: {on_primary}; }}
    QLineEdit#ScanField {{ font-size: 16pt; padding: 6px; border: 2px solid {accent}; }}
    QLineEdit#ScanField:focus {{ border: 2px solid {primary}; }}
    QLabel#Refusal {{ background: #fdecea; color: #8a1111; border: 1px solid #e0a0a0;
                      padding: 8px; font-size: 12pt; }}
    QLabel#Success {{ background: #e8f5e9; color: #1b5e20; border: 1px solid #a5d6a7;
                      padding: 8px; font-size: 12pt; }}
    QLabel#Route {{ background: #fff4d6; color: #5a3e00; border: 2px solid {accent};
                    padding: 10px; font-size: 16pt; font-weight: bold; }}
    QLabel#ModeLabel {{ font-size: 13pt; font-weight: bold; color: {primary}; }}
    QLabel#BlockBadge {{ background: #8a1111; color: white; padding: 4px 8px; font-weight: bold; }}
    QLabel#OnlineBadge {{ color: #1b5e20; font-weight: bold; }}
    QLabel#OfflineBadge {{ color: #8a1111; font-weight: bold; }}
    QLabel#Warn {{ color: #8a1111; font-weight: bold; }}
    QGroupBox {{ font-weight: bold; }}
    QGroupBox#OnlineResults {{ background: #eef4fb; border: 2px dashed #1565c0;
                              margin-top: 14px; padding-top: 6px; }}
    QGroupBox#OnlineResults::title {{ color: #0d47a1; subcontrol-origin: margin; left: 8px; }}
    QPushButton:default {{ border: 2px solid {primary}; }}
    """
