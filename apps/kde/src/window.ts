// The update window, laid out like Discover's updates page: a tool bar ("Check Again", "Update
// Selected", "Update All"), message bars (a newer release per chroot, an error), the tree of
// chroots with their updates, the total, and a details pane with apt's output. Widgets only
// render the model's state and call its commands; the model (shared with GNOME) does the work.
import type { ModelState, UpdatesModel } from '@ltsp-update/engine/view-model';
import { ChrootItem, columns } from './chroot-item.js';
import { _ } from './i18n.js';
import { MessageBar } from './message-bar.js';
import {
  Direction, QAction, QBoxLayout, QKeySequence, QLabel, QMainWindow, QPlainTextEdit, QSplitter, QToolButton, QTreeWidget, QWidget,
  Orientation, ToolButtonStyle, later,
} from './qt.js';
import { ReleaseBar } from './release-bar.js';

export class UpdatesWindow {
  readonly window = new QMainWindow();
  private readonly checkAgain: QAction;
  private readonly updateSelected: QAction;
  private readonly updateAll: QAction;
  private readonly busy = new QLabel();
  private readonly errorBar = new MessageBar('error');
  private readonly releaseBars = new QWidget();
  private readonly releaseLayout = new QBoxLayout(Direction.TopToBottom);
  private readonly tree = new QTreeWidget();
  private readonly total = new QLabel();
  private readonly details = new QPlainTextEdit();
  private readonly items = new Map<string, ChrootItem>();
  private readonly bars = new Map<string, ReleaseBar>();
  private shownError: string | null = null;
  private detailsText = '';

  private afterRender: () => void = () => undefined;

  constructor(private readonly model: UpdatesModel) {
    this.window.setWindowTitle(_('LTSP Updates'));
    this.window.resize(900, 620);

    this.checkAgain = this.action(_('Check Again'), 'F5', () => void model.refresh());
    this.updateSelected = this.action(_('Update Selected'), null, () => void model.updateSelected());
    this.updateAll = this.action(_('Update All'), null, () => {
      model.selectAll();
      void model.updateSelected();
    });
    // Ctrl+Q closes the window as its ✕ does (a run goes on; see application.ts).
    const close = this.action(_('Close'), 'Ctrl+Q', () => this.window.close());
    this.window.setMenuWidget(this.toolBar([this.checkAgain, this.updateSelected, this.updateAll], close));

    this.errorBar.setActions([MessageBar.button(_('Dismiss'), () => {
      this.errorBar.widget.hide();
      // Hidden widgets stay in the accessible tree: a dismissed message must not be read out.
      this.errorBar.setText('');
    })]);
    this.errorBar.widget.hide();
    this.releaseLayout.setContentsMargins(0, 0, 0, 0);
    this.releaseBars.setLayout(this.releaseLayout);

    this.tree.setHeaderLabels([_('Chroot'), _('Status'), _('Size'), _('Progress')]);
    this.tree.setColumnWidth(columns.name, 200);
    this.tree.setColumnWidth(columns.status, 420);
    this.tree.setColumnWidth(columns.size, 90);
    this.tree.addEventListener('itemChanged', (item, column) => {
      if (column !== columns.name) return;
      const entry = this.items.get(item.text(columns.name));
      if (!entry || entry.rendering) return;
      const selected = this.model.state.chroots.find((row) => row.name === entry.name)?.selected ?? false;
      if (entry.ticked !== selected) this.model.toggle(entry.name);
    });

    this.details.setReadOnly(true);
    this.details.setPlaceholderText(_('apt’s output of a run shows here.'));
    const detailsPane = this.titled(_('Details'), this.details);
    const splitter = new QSplitter();
    splitter.setOrientation(Orientation.Vertical);
    splitter.addWidget(this.tree);
    splitter.addWidget(detailsPane);

    const central = new QWidget();
    const layout = new QBoxLayout(Direction.TopToBottom);
    layout.addWidget(this.errorBar.widget);
    layout.addWidget(this.releaseBars);
    layout.addWidget(splitter, 1);
    layout.addWidget(this.total);
    central.setLayout(layout);
    this.window.setCentralWidget(central);

    model.subscribe((state) => this.render(state));
    this.render(model.state);
  }

  /** Call `listener` after every render (the app wakes its event pump so Qt paints the change). */
  onRendered(listener: () => void): void {
    this.afterRender = listener;
  }

  /** A QAction on the window (so its shortcut works wherever the focus is). */
  private action(text: string, shortcut: string | null, run: () => void): QAction {
    const action = new QAction(this.window);
    action.setText(text);
    if (shortcut) action.setShortcut(new QKeySequence(shortcut));
    action.addEventListener('triggered', () => later(run));
    this.window.addAction(action);
    return action;
  }

  /** nodegui has no QToolBar: a row of text tool buttons, one per action, where a tool bar sits. */
  private toolBar(actions: QAction[], trailing: QAction): QWidget {
    const row = new QWidget();
    const layout = new QBoxLayout(Direction.LeftToRight);
    layout.setContentsMargins(6, 4, 6, 4);
    const button = (action: QAction): QToolButton => {
      const tool = new QToolButton();
      tool.setDefaultAction(action);
      tool.setToolButtonStyle(ToolButtonStyle.ToolButtonTextOnly);
      tool.setAutoRaise(true);
      return tool;
    };
    for (const action of actions) layout.addWidget(button(action));
    layout.addWidget(this.busy);
    layout.addStretch(1);
    layout.addWidget(button(trailing));
    row.setLayout(layout);
    return row;
  }

  private titled(title: string, child: QWidget): QWidget {
    const pane = new QWidget();
    const layout = new QBoxLayout(Direction.TopToBottom);
    layout.setContentsMargins(0, 6, 0, 0);
    const label = new QLabel();
    label.setText(title);
    layout.addWidget(label);
    layout.addWidget(child, 1);
    pane.setLayout(layout);
    return pane;
  }

  /** Show `state`: the one place widgets change. */
  private render(state: ModelState): void {
    const running = state.page === 'running' || state.page === 'checking';
    this.busy.setText(state.page === 'checking' ? _('Checking for updates…') : state.page === 'running' ? _('Updating…') : '');
    this.checkAgain.setEnabled(!running);
    this.updateSelected.setEnabled(!running && state.chroots.some((row) => row.selected));
    this.updateAll.setEnabled(!running && state.chroots.some((row) => row.canUpdate));
    this.total.setText(state.page === 'up-to-date' ? _('Every chroot is up to date.') : `${_('Still to download for the ticked chroots:')} ${state.totalDownload}`);

    for (const row of state.chroots) {
      let item = this.items.get(row.name);
      if (!item) {
        item = new ChrootItem(this.tree, row.name);
        this.items.set(row.name, item);
      }
      item.render(row);
      this.renderReleaseBar(row.name, row.upgradeTo, running);
    }
    // A chroot that is gone leaves the tree and its bar goes.
    for (const [name, item] of this.items) {
      if (state.chroots.some((row) => row.name === name)) continue;
      item.item.setHidden(true);
      this.items.delete(name);
      this.renderReleaseBar(name, null, running);
    }

    const text = state.details.join('\n');
    if (text !== this.detailsText) {
      this.detailsText = text;
      this.details.setPlainText(text);
    }
    if (state.error !== this.shownError) {
      this.shownError = state.error;
      if (state.error) {
        this.errorBar.setText(state.error);
        this.errorBar.widget.show();
      }
    }
    this.afterRender();
  }

  private renderReleaseBar(name: string, release: string | null, running: boolean): void {
    const bar = this.bars.get(name);
    if (release === null) {
      if (bar) {
        bar.bar.widget.hide();
        this.releaseLayout.removeWidget(bar.bar.widget);
        this.bars.delete(name);
      }
      return;
    }
    const shown = bar ?? new ReleaseBar((chroot, snapshot) => void this.model.releaseUpgrade(chroot, { snapshot }));
    if (!bar) {
      this.bars.set(name, shown);
      this.releaseLayout.addWidget(shown.bar.widget);
    }
    shown.render(name, release);
    // The bar stays while the engine works (disabled), so what it says is not lost.
    shown.setEnabled(!running);
  }
}
