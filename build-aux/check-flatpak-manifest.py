#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks that Hotlist's Flatpak manifest has what a build of the app needs, before flatpak-builder runs.
"""Usage: check-flatpak-manifest.py MANIFEST.json

Exits 0 and lists what it checked when the manifest is sound, 1 with one
line per problem when it is not, 2 when the file cannot be read at all.
"""

import json
import re
import sys

BASE_ID = "org.hotlist.Hotlist"
APP_ID_RE = re.compile(r"^org\.hotlist\.Hotlist(\.Devel)?$")
RUNTIME = "org.gnome.Platform"
SDK = "org.gnome.Sdk"
COMMAND = "hotlist"
REQUIRED_FINISH_ARGS = [
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
    "--talk-name=org.freedesktop.secrets",
]
# Source types whose content is written in the manifest itself, so need no url or path.
INLINE_SOURCE_TYPES = {"shell", "script", "inline"}
CHECKSUM_KEYS = ("sha256", "sha512")


class Checker:
    def __init__(self, path):
        self.path = path
        self.problems = []
        self.checked = []

    def ok(self, what):
        self.checked.append(what)

    def fail(self, what):
        self.problems.append(what)

    def expect(self, condition, what, problem):
        if condition:
            self.ok(what)
        else:
            self.fail(problem)
        return condition

    def check_top_level(self, manifest):
        app_id = manifest.get("id", manifest.get("app-id"))
        if "id" in manifest and "app-id" in manifest and manifest["id"] != manifest["app-id"]:
            self.fail(f"'id' ({manifest['id']}) and 'app-id' ({manifest['app-id']}) disagree")
        if self.expect(isinstance(app_id, str), "id is set",
                       "no 'id' (or 'app-id'): the manifest must name the application"):
            self.expect(APP_ID_RE.match(app_id) is not None,
                        f"id {app_id} follows {BASE_ID}(.Devel), the desktop file's name",
                        f"id {app_id!r} must be {BASE_ID} or {BASE_ID}.Devel, "
                        "so that it matches the installed desktop file and icon names")

        self.expect(manifest.get("runtime") == RUNTIME, f"runtime is {RUNTIME}",
                    f"runtime is {manifest.get('runtime')!r}, expected {RUNTIME!r}")
        version = manifest.get("runtime-version")
        self.expect(isinstance(version, str) and version != "", f"runtime-version is {version}",
                    "runtime-version must be a non-empty string such as \"47\"")
        self.expect(manifest.get("sdk") == SDK, f"sdk is {SDK}",
                    f"sdk is {manifest.get('sdk')!r}, expected {SDK!r}")
        self.expect(manifest.get("command") == COMMAND, f"command is {COMMAND}",
                    f"command is {manifest.get('command')!r}, expected {COMMAND!r}")

        finish_args = manifest.get("finish-args")
        if self.expect(isinstance(finish_args, list)
                       and all(isinstance(a, str) for a in finish_args),
                       "finish-args is a list of strings",
                       "finish-args must be a list of strings"):
            missing = [a for a in REQUIRED_FINISH_ARGS if a not in finish_args]
            self.expect(not missing, "finish-args grant network, IPC, display, GPU and keyring",
                        "finish-args lack " + ", ".join(missing))
            broad = [a for a in finish_args
                     if a in ("--filesystem=host", "--filesystem=home", "--socket=x11")]
            self.expect(not broad, "finish-args ask for no broad host access",
                        "finish-args ask for more than the app needs: " + ", ".join(broad))
        return app_id

    def check_source(self, where, source):
        if not isinstance(source, dict):
            # A bare string names a JSON file holding more sources.
            self.expect(isinstance(source, str), f"{where} is a source file name",
                        f"{where} must be an object or a file name")
            return
        kind = source.get("type")
        if not self.expect(isinstance(kind, str), f"{where} has a type",
                           f"{where} has no 'type'"):
            return
        has_url = isinstance(source.get("url"), str)
        has_path = isinstance(source.get("path"), str)
        if kind not in INLINE_SOURCE_TYPES:
            self.expect(has_url or has_path, f"{where} ({kind}) says where it comes from",
                        f"{where} ({kind}) needs a 'url' or a 'path'")
        if has_url and kind == "git":
            self.expect(any(k in source for k in ("tag", "commit", "branch")),
                        f"{where} pins a tag, commit or branch",
                        f"{where} (git {source['url']}) must pin a 'tag', 'commit' or 'branch'")
        if has_url and kind in ("archive", "file"):
            self.expect(any(k in source for k in CHECKSUM_KEYS),
                        f"{where} has a checksum",
                        f"{where} ({kind} {source['url']}) needs a sha256 checksum")

    def check_modules(self, manifest, app_id):
        modules = manifest.get("modules")
        if not self.expect(isinstance(modules, list) and modules, "modules is a non-empty list",
                           "modules must be a non-empty list"):
            return

        names = []
        for index, module in enumerate(modules):
            if isinstance(module, str):
                # A file name of a module defined elsewhere; it is checked where it lives.
                names.append(None)
                continue
            if not isinstance(module, dict):
                self.fail(f"modules[{index}] must be an object")
                names.append(None)
                continue
            name = module.get("name")
            names.append(name)
            label = f"module {name}" if name else f"modules[{index}]"
            self.expect(isinstance(name, str) and name, f"{label} has a name",
                        f"{label} has no 'name'")
            self.expect(isinstance(module.get("buildsystem"), str),
                        f"{label} has a buildsystem ({module.get('buildsystem')})",
                        f"{label} has no 'buildsystem'")
            sources = module.get("sources")
            if self.expect(isinstance(sources, list) and sources, f"{label} has sources",
                           f"{label} needs a non-empty 'sources' list"):
                for s_index, source in enumerate(sources):
                    self.check_source(f"{label} source {s_index}", source)

        if not self.expect("xgboost" in names, "an xgboost module is built",
                           "no module named 'xgboost': the GNOME runtime does not ship it"):
            return
        if not self.expect("hotlist" in names, "a hotlist module is built",
                           "no module named 'hotlist'"):
            return
        xgboost_at = names.index("xgboost")
        hotlist_at = names.index("hotlist")
        self.expect(xgboost_at < hotlist_at, "xgboost is built before hotlist",
                    "the xgboost module must come before the hotlist module, "
                    "which links against it")

        hotlist = modules[hotlist_at]
        self.expect(hotlist.get("buildsystem") == "meson", "hotlist builds with meson",
                    f"the hotlist module must use buildsystem 'meson', "
                    f"not {hotlist.get('buildsystem')!r}")
        opts = hotlist.get("config-opts", [])
        devel = isinstance(app_id, str) and app_id.endswith(".Devel")
        wants = "-Dprofile=development"
        self.expect((wants in opts) == devel,
                    f"hotlist's profile matches the id ({'development' if devel else 'default'})",
                    f"id {app_id} {'needs' if devel else 'must not have'} {wants} "
                    "in the hotlist module's config-opts, or the installed files get another id")

    def run(self):
        try:
            with open(self.path, encoding="utf-8") as f:
                manifest = json.load(f)
        except OSError as e:
            print(f"{self.path}: cannot read the manifest: {e.strerror}", file=sys.stderr)
            return 2
        except json.JSONDecodeError as e:
            print(f"{self.path}:{e.lineno}:{e.colno}: not valid JSON: {e.msg}", file=sys.stderr)
            return 1
        if not isinstance(manifest, dict):
            print(f"{self.path}: the manifest must be a JSON object", file=sys.stderr)
            return 1

        app_id = self.check_top_level(manifest)
        self.check_modules(manifest, app_id)

        for what in self.checked:
            print(f"ok: {what}")
        if self.problems:
            for problem in self.problems:
                print(f"{self.path}: error: {problem}", file=sys.stderr)
            print(f"{self.path}: {len(self.problems)} problem(s) found", file=sys.stderr)
            return 1
        print(f"{self.path}: manifest looks right ({len(self.checked)} checks)")
        return 0


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    return Checker(argv[1]).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
