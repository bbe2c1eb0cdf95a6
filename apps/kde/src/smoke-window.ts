// A stand-in main window that exercises the widgets the real one will use: actions shown as
// tool buttons at the top, a tree with a checkable item and a child, a progress bar and a label.
// It proves the native build end to end (it is what bin/ltsp-update-kde.js opens for now) and
// gives the AT-SPI smoke test something to find and click.
import {
  CheckState,
  Direction,
  ItemDataRole,
  ItemFlag,
  QAction,
  QBoxLayout,
  QKeySequence,
  QLabel,
  QMainWindow,
  QProgressBar,
  QToolButton,
  QTreeWidget,
  QTreeWidgetItem,
  QWidget,
  ToolButtonStyle,
  WidgetEventTypes,
} from './qt.js';

export interface SmokeWindow {
  window: QMainWindow;
  checkAgain: QAction;
  tree: QTreeWidget;
  chroot: QTreeWidgetItem;
  progress: QProgressBar;
  status: QLabel;
}

/** Build the smoke window (not shown); `onClose` runs when the user closes it. */
export function createSmokeWindow(onClose: () => void): SmokeWindow {
  const window = new QMainWindow();
  window.setWindowTitle('Software Updates');
  window.resize(640, 420);

  // nodegui 0.74 has no QToolBar: a row of QToolButtons, each showing one QAction, stands in,
  // set as the menu widget so it sits where a toolbar would. The actions also go on the window
  // so their shortcuts work wherever the focus is.
  const checkAgain = new QAction(window);
  checkAgain.setText('Check Again');
  checkAgain.setShortcut(new QKeySequence('F5'));
  window.addAction(checkAgain);
  // Closing the window from inside goes through the same Close event as the window manager's ✕.
  const close = new QAction(window);
  close.setText('Close');
  close.setShortcut(new QKeySequence('Ctrl+Q'));
  close.addEventListener('triggered', () => window.close());
  window.addAction(close);
  const toolRow = new QWidget();
  toolRow.setObjectName('toolbar');
  const toolLayout = new QBoxLayout(Direction.LeftToRight);
  for (const action of [checkAgain, close]) {
    const button = new QToolButton();
    button.setDefaultAction(action);
    button.setToolButtonStyle(ToolButtonStyle.ToolButtonTextOnly);
    button.setAutoRaise(true);
    toolLayout.addWidget(button);
  }
  toolLayout.addStretch(1);
  toolRow.setLayout(toolLayout);
  window.setMenuWidget(toolRow);

  const tree = new QTreeWidget();
  tree.setHeaderLabels(['Chroot', 'Status']);
  tree.setColumnWidth(0, 220);
  // Items are added with addTopLevelItem()/addChild(), which keep their JS objects: an item whose
  // JS object is garbage-collected is deleted from the tree (`new QTreeWidgetItem(tree, …)` alone
  // shows it, then loses it at the next collection).
  const chroot = new QTreeWidgetItem(['classroom', 'bookworm (amd64) — 3 updates (3 security)']);
  chroot.setFlags(ItemFlag.ItemIsEnabled | ItemFlag.ItemIsSelectable | ItemFlag.ItemIsUserCheckable);
  chroot.setCheckState(0, CheckState.Checked);
  tree.addTopLevelItem(chroot);
  const update = new QTreeWidgetItem(['libc6', '2.36-9+deb12u13 → 2.36-9+deb12u14']);
  update.setFlags(ItemFlag.ItemIsEnabled | ItemFlag.ItemIsSelectable);
  chroot.addChild(update);
  chroot.setExpanded(true);

  const progress = new QProgressBar();
  progress.setRange(0, 100);
  progress.setValue(40);
  const status = new QLabel();
  status.setText('Ready');

  const central = new QWidget();
  const layout = new QBoxLayout(Direction.TopToBottom);
  layout.addWidget(tree, 1);
  layout.addWidget(progress);
  layout.addWidget(status);
  central.setLayout(layout);
  window.setCentralWidget(central);

  // What a click or a tick did, in the label, so a test can see it through AT-SPI.
  let checks = 0;
  checkAgain.addEventListener('triggered', () => {
    checks += 1;
    status.setText(`Checked ${checks} time${checks === 1 ? '' : 's'}`);
  });
  tree.addEventListener('itemChanged', (item) => {
    // nodegui's QTreeWidgetItem has no checkState(): the check state is the item's data.
    const ticked = item.data(0, ItemDataRole.CheckStateRole).toInt() === CheckState.Checked;
    status.setText(`${item.text(0)} ${ticked ? 'ticked' : 'unticked'}`);
  });
  // Qt's lastWindowClosed never reaches nodegui on plain node: the window's own Close event does.
  window.addEventListener(WidgetEventTypes.Close, onClose);

  return { window, checkAgain, tree, chroot, progress, status };
}
