# Build the Windows bundle and installer on a Windows build machine (PyInstaller builds on the
# target OS). Needs Python 3.11+, and Inno Setup 6 (iscc on PATH).
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
python -m venv .venv-build
.\.venv-build\Scripts\python -m pip install --upgrade pip
.\.venv-build\Scripts\python -m pip install ".[desk]" pyinstaller
.\.venv-build\Scripts\pyinstaller --noconfirm --clean packaging\xclib-desk.spec
.\dist\xclib-desk\xclib-desk.exe --self-test
if ($LASTEXITCODE -ne 0) { throw "self-test failed" }
$version = (.\.venv-build\Scripts\python -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])").Trim()
iscc "/DAppVersion=$version" packaging\windows\xclib-desk.iss
