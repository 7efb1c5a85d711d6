; Inno Setup script for itfriend: a per-user install, no administrator rights needed.
;
; Build on Windows, from the repository root:
;   python installer\build.py            (makes dist\itfriend\ and dist\itfriend-version.ini)
;   iscc installer\windows\itfriend.iss  (makes dist\itfriend-<version>-windows-setup.exe)
;
; Installs into %LOCALAPPDATA%\Programs\itfriend, adds Start-menu entries, optionally starts
; itfriend at login (the same HKCU Run value, "itfriend", that itfriend's own setting uses), and
; uninstalls cleanly: the user's data (%LOCALAPPDATA%\itfriend) stays unless they ask for it to go.

#define AppName "itfriend"
#define DistDir SourcePath + "..\..\dist"
#ifndef AppVersion
  #define AppVersion ReadIni(DistDir + "\itfriend-version.ini", "itfriend", "version", "0.0.0")
#endif

[Setup]
; The AppId identifies the installation for upgrades and uninstall: never change it.
AppId={{6F0B5C2E-4C1D-4E8B-9B7A-2D3E1F0A9C41}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=itfriend contributors
AppComments=Keep good relationships with the people you support
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\itfriend.exe
UninstallDisplayName={#AppName}
OutputDir={#DistDir}
OutputBaseFilename=itfriend-{#AppVersion}-windows-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Closing a running itfriend before files are replaced or removed.
CloseApplications=yes
RestartApplications=no

[Tasks]
Name: "startatlogin"; Description: "Start itfriend when I log in"; GroupDescription: "Start:"
Name: "desktopicon"; Description: "Create a desktop shortcut"; GroupDescription: "Shortcuts:"; Flags: unchecked

[Files]
; The one-folder app PyInstaller built: itfriend.exe (tray, no console), itfriend-cli.exe
; (the same program with a console, for the command line) and _internal\.
Source: "{#DistDir}\itfriend\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\itfriend"; Filename: "{app}\itfriend.exe"; Comment: "Keep in touch with the people you support"
Name: "{group}\Uninstall itfriend"; Filename: "{uninstallexe}"
Name: "{autodesktop}\itfriend"; Filename: "{app}\itfriend.exe"; Tasks: desktopicon

[Registry]
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "itfriend"; ValueData: """{app}\itfriend.exe"""; Tasks: startatlogin; Flags: uninsdeletevalue

[Run]
Filename: "{app}\itfriend.exe"; Description: "Start itfriend now"; Flags: nowait postinstall skipifsilent

[UninstallRun]
; Ask a running itfriend to quit, so that its files can be removed.
Filename: "{app}\itfriend-cli.exe"; Parameters: "quit"; Flags: runhidden; RunOnceId: "QuitItfriend"

[Code]
const
  RunKey = 'Software\Microsoft\Windows\CurrentVersion\Run';

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usUninstall then
    { itfriend's own "start at login" setting may have written the value without the task. }
    RegDeleteValue(HKEY_CURRENT_USER, RunKey, 'itfriend');
  if CurUninstallStep = usPostUninstall then
  begin
    { platformdirs puts data, settings and logs in %LOCALAPPDATA%\itfriend. Kept by default. }
    DataDir := ExpandConstant('{localappdata}\itfriend');
    if DirExists(DataDir) and not UninstallSilent() then
      if MsgBox('Also delete your itfriend data (people, notes, follow-ups, settings and logs) in '
          + DataDir + '?' + #13#10#13#10 + 'Choose No to keep it for a later install.',
          mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
        DelTree(DataDir, True, True, True);
  end;
end;
