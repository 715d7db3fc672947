; Inno Setup script for the desk on branch PCs (Windows 10/11, 64-bit).
; Build the bundle on Windows first:  pyinstaller packaging\xclib-desk.spec
; then:  iscc /DAppVersion=<version from pyproject> packaging\windows\xclib-desk.iss
; (packaging\windows\build.ps1 does both and reads the version from pyproject.toml).
#ifndef AppVersion
  #error Pass /DAppVersion=X.Y.Z (build.ps1 reads it from pyproject.toml)
#endif

[Setup]
AppId={{6C7A3E52-0B8E-4C1B-9D5E-58A1F3C2D7B1}
AppName=西城区图书馆服务点前台 xclib-desk
AppVersion={#AppVersion}
AppPublisher=Xicheng District Library
DefaultDirName={autopf}\xclib-desk
DefaultGroupName=xclib-desk
; install for all users of the PC
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputBaseFilename=xclib-desk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
CloseApplications=yes
; the user's data lives in %LOCALAPPDATA%\XichengLibrary\xclib-desk (platformdirs); the
; installer never writes or deletes there, so upgrades and uninstall keep every loan.

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\..\dist\xclib-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\西城区图书馆服务点前台"; Filename: "{app}\xclib-desk.exe"; Parameters: "gui"
Name: "{group}\{cm:UninstallProgram,xclib-desk}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\西城区图书馆服务点前台"; Filename: "{app}\xclib-desk.exe"; Parameters: "gui"; Tasks: desktopicon

[Run]
; prove the installed bundle works before staff rely on it
Filename: "{app}\xclib-desk.exe"; Parameters: "--self-test"; Flags: runhidden waituntilterminated; StatusMsg: "Self-test..."
Filename: "{app}\xclib-desk.exe"; Parameters: "gui"; Description: "{cm:LaunchProgram,xclib-desk}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; only what the installer put in {app}; user data is deliberately not listed
Type: filesandordirs; Name: "{app}\_internal"
