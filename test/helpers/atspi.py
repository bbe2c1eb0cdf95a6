#!/usr/bin/python3
"""Drive a GTK window through AT-SPI for the integration tests (see desktop.ts).

Run with Debian's /usr/bin/python3: python3-pyatspi and the Atspi typelib are installed
for it, not for the pyenv python on PATH. Every subcommand prints one JSON document on
stdout; on failure it prints one line on stderr and exits 1 (2 for a usage error).

  apps                                         the applications on the bus: [{name, pid}]
  dump      [--app NAME] [--pid PID]           the app's tree, flattened depth-first
  click     [--app NAME] [--pid PID] --role ROLE --name TEXT
  wait-text [--app NAME] [--pid PID] --text REGEX

Each desktop has its own accessibility bus, so with neither --app nor --pid every
application on it is searched. node-gtk apps are called "node" (GLib's prgname).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

import gi

gi.require_version('Atspi', '2.0')
from gi.repository import Atspi  # noqa: E402
import pyatspi  # noqa: E402

POLL = 0.1  # seconds between looks at the tree while waiting


class Failure(Exception):
    """A failure worth one line on stderr."""


def role_key(role):
    # 'push button', 'push_button' and 'Push-Button' all name the same role.
    return re.sub(r'[\s_-]+', ' ', role.strip().lower())


def applications(args):
    """The applications on the bus that --app/--pid select."""
    desktop = pyatspi.Registry.getDesktop(0)
    found = []
    for app in desktop:
        if app is None:
            continue  # an app that went away while we were listing
        if args.app is not None and app.name != args.app:
            continue
        if args.pid is not None and app.get_process_id() != args.pid:
            continue
        # Atspi can cache what it has read (for apps that fill its cache) and only learns of
        # changes through events, which a script without a main loop never handles: forget it
        # before each look. (GTK 4.8 apps were seen to answer fresh even without this.)
        Atspi.Accessible.clear_cache(app)
        found.append(app)
    return found


# Roles whose text is not in their name (GTK 3 editable text, Qt's text views), and roles with a
# value worth reading (a progress bar that moves).
TEXT_ROLES = {'text', 'entry', 'paragraph', 'password text', 'terminal', 'document text'}
VALUE_ROLES = {'progress bar', 'slider', 'spin button', 'scroll bar', 'level bar'}


def describe(node, depth):
    # Each question is a D-Bus round trip, which an app answers only when its loop turns (a Qt app
    # under node every few ms): ask only what can matter for this role.
    role = node.getRoleName()
    item = {
        'role': role,
        'name': node.name or '',
        'states': sorted(pyatspi.stateToString(s) for s in node.getState().getStates()),
        'depth': depth,
    }
    if role in TEXT_ROLES:
        try:
            text = node.queryText()
            content = text.getText(0, text.characterCount)
            if content:
                item['text'] = content
        except NotImplementedError:
            pass
    if role in VALUE_ROLES:
        try:
            item['value'] = node.queryValue().currentValue
        except NotImplementedError:
            pass
    return item


def walk(node, depth=0):
    """Yield (accessible, description) for node and its descendants, depth-first."""
    yield node, describe(node, depth)
    for child in node:
        if child is not None:
            yield from walk(child, depth + 1)


def everything(args):
    for app in applications(args):
        yield from walk(app)


def poll(args, look, what):
    """Call look() until it returns something, or fail after --timeout seconds.

    An app that is starting or redrawing can answer a walk with errors (objects that
    vanished mid-walk, a busy main loop): those count as "not yet", and the last one is
    reported if time runs out.
    """
    deadline = time.monotonic() + args.timeout
    last_error = None
    while True:
        try:
            result = look()
            if result is not None:
                return result
        except Exception as error:  # noqa: BLE001 - any AT-SPI hiccup means "look again"
            last_error = error
        if time.monotonic() >= deadline:
            detail = f' (last error: {last_error})' if last_error else ''
            raise Failure(f'timed out after {args.timeout:g} s waiting for {what}{detail}')
        time.sleep(POLL)


def app_label(args):
    parts = [f'app {args.app!r}' if args.app else None, f'pid {args.pid}' if args.pid else None]
    return ' '.join(p for p in parts if p) or 'any app'


def cmd_apps(args):
    desktop = pyatspi.Registry.getDesktop(0)
    return [{'name': app.name, 'pid': app.get_process_id()} for app in desktop if app is not None]


def cmd_dump(args):
    def look():
        apps = applications(args)
        # An app registers before it has a window: wait for one so the dump is worth having.
        if not apps or not any(app.childCount for app in apps):
            return None
        return [item for app in apps for _, item in walk(app)]
    return poll(args, look, f'a window of {app_label(args)}')


def cmd_click(args):
    role = role_key(args.role)

    def look():
        matches = [(node, item) for node, item in everything(args)
                   if role_key(item['role']) == role and item['name'] == args.name]
        # GTK 4 does not set ENABLED (GTK 3 does): SENSITIVE is what both agree on.
        ready = [(node, item) for node, item in matches
                 if 'sensitive' in item['states'] and 'visible' in item['states']]
        if not ready:
            return None
        # Found and pressed in one go: a widget found in one walk can be gone by the press (Qt
        # renews a window's accessible objects as it changes), and then the next walk finds it anew.
        node, item = ready[0]
        # --pointer: what a person's click does (a Qt tree cell's own action toggles its check box).
        if args.pointer:
            return pointer_click(node, item, len(matches))
        action = node.queryAction()
        if action.nActions < 1:
            return pointer_click(node, item, len(matches))
        # A raw mouse event through AT-SPI does nothing on GTK 4; the first action ("click") does.
        # Nothing is asked after it: the press may already have changed or removed the widget,
        # and an error then would make poll() press a second time.
        name = action.getName(0)
        if not action.doAction(0):
            raise Failure(f'{args.role} {args.name!r} refused its {name!r} action')
        return {'clicked': item, 'action': name, 'matches': len(matches)}

    return poll(args, look, f'a sensitive {args.role} {args.name!r} in {app_label(args)}')


def pointer_click(node, item, count):
    """Click the middle of a widget that offers no action (a GTK 4 list row) with the X pointer."""
    try:
        box = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    except NotImplementedError:
        box = None
    if box is None or box.width <= 0 or box.height <= 0:
        raise Failure(f'{item["role"]} {item["name"]!r} has no action to do and no place on screen')
    x, y = box.x + box.width // 2, box.y + box.height // 2
    subprocess.run(['xdotool', 'mousemove', '--sync', str(x), str(y), 'click', '1'], check=True)
    return {'clicked': item, 'action': 'pointer', 'at': [x, y], 'matches': count}


def cmd_wait_text(args):
    try:
        pattern = re.compile(args.text)
    except re.error as error:
        raise Failure(f'bad --text regex: {error}') from None

    def look():
        for _, item in everything(args):
            for field in ('name', 'text'):
                match = pattern.search(item.get(field, ''))
                if match:
                    return {'match': match.group(0), 'groups': list(match.groups()), 'field': field, 'object': item}
        return None

    return poll(args, look, f'text /{args.text}/ in {app_label(args)}')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest='command', required=True)
    commands = {
        'apps': cmd_apps,
        'dump': cmd_dump,
        'click': cmd_click,
        'wait-text': cmd_wait_text,
    }
    for name in commands:
        p = sub.add_parser(name)
        if name != 'apps':
            p.add_argument('--app', help="the application's AT-SPI name (node-gtk apps: 'node')")
            p.add_argument('--pid', type=int, help="the application's process id")
        p.add_argument('--timeout', type=float, default=10.0, help='seconds to wait (default 10)')
    sub.choices['click'].add_argument('--role', required=True, help="e.g. 'push button'")
    sub.choices['click'].add_argument('--name', required=True, help='the exact accessible name')
    sub.choices['click'].add_argument('--pointer', action='store_true', help="click with the X pointer, not the widget's action")
    sub.choices['wait-text'].add_argument('--text', required=True, help='a Python regex, searched')
    args = parser.parse_args()

    # Without a bus libatspi does not fail, it aborts the process (SIGTRAP) with a dbind-ERROR.
    if not (os.environ.get('AT_SPI_BUS_ADDRESS') or os.environ.get('DBUS_SESSION_BUS_ADDRESS')):
        print(f'atspi.py {args.command}: no accessibility bus: run with the env of desktop.ts', file=sys.stderr)
        return 1

    # Atspi's default D-Bus timeout is 25 s per call; a hung app should fail the poll instead.
    Atspi.set_timeout(2000, 15000)
    try:
        result = commands[args.command](args)
    except Failure as failure:
        print(f'atspi.py {args.command}: {failure}', file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - one line, not a traceback, for the test report
        print(f'atspi.py {args.command}: {type(error).__name__}: {error}'.replace('\n', ' '), file=sys.stderr)
        return 1
    json.dump(result, sys.stdout)
    sys.stdout.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
