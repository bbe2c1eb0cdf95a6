// The baseline of the KDE window's start-up benchmark: the least a nodegui window can be on this
// platform (Qt loaded the same way, a main window with a label, the same event pump), reporting
// its first paint the way the update window does.
process.title = 'ltsp-update-kde-baseline';
const { QLabel, QMainWindow, startEventPump } = await import('../../apps/kde/dist/qt.js');
const { reportFirstPaint } = await import('../../apps/kde/dist/first-paint.js');

const window = new QMainWindow();
window.setWindowTitle('Baseline');
window.resize(900, 620);
const label = new QLabel();
label.setText('Hello');
window.setCentralWidget(label);
reportFirstPaint(window);
window.show();
startEventPump(window);
