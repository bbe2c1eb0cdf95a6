// The baseline of the KDE window's start-up benchmark: the least a nodegui window can be on this
// platform (Qt loaded the same way, a main window with a label, the same event pump), reporting
// its first paint the way the update window does.
import { setImmediate } from 'node:timers';

process.title = 'ltsp-update-kde-baseline';
const { QLabel, QMainWindow, WidgetEventTypes, startEventPump } = await import('../../apps/kde/dist/qt.js');

const window = new QMainWindow();
window.setWindowTitle('Baseline');
window.resize(900, 620);
const label = new QLabel();
label.setText('Hello');
window.setCentralWidget(label);
let reported = false;
window.addEventListener(WidgetEventTypes.Paint, () => {
  if (reported || process.env.LTSP_UPDATE_TIMING !== '1') return;
  reported = true;
  setImmediate(() => process.stderr.write('first-paint\n'));
}, { afterDefault: true });
window.show();
startEventPump(window);
