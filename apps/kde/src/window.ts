// The update window, laid out like Discover's updates page: a tool bar ("Check Again", "Update
// Selected", "Update All", "Cancel", and "Open in Synaptic…" and "Roll back to the image of …" for
// the current chroot), message bars (a release on offer, an error), the tree of
// chroots with their updates, the total, and a details pane with apt's output; a page of its own
// when there is no list to show. Widgets only render the model's state and call its commands;
// the model (shared with GNOME) makes every decision.
import type { ModelError, ModelState, ReleaseOffer, UpdatesModel } from '@ltsp-update/engine/view-model';
import { ChrootItem, columns, groupItem, rowKey } from './chroot-item.js';
import { _ } from './i18n.js';
import { MessageBar } from './message-bar.js';
import {
  AlignmentFlag, Direction, QAction, QBoxLayout, QKeySequence, QLabel, QMainWindow, QPlainTextEdit, QSplitter, QStackedWidget, QToolButton,
  QTreeWidget, type QTreeWidgetItem, QWidget, Orientation, TextFormat, ToolButtonStyle, later,
} from './qt.js';
import { ReleaseBar } from './release-bar.js';

export class UpdatesWindow {
  readonly window = new QMainWindow();
  private readonly checkAgain: QAction;
  private readonly updateSelected: QAction;
  private readonly updateAll: QAction;
  private readonly cancel: QAction;
  private readonly openManager: QAction;
  private readonly rollBack: QAction;
  private readonly busy = new QLabel();
  private readonly pages = new QStackedWidget();
  private readonly placeholderTitle = new QLabel();
  private readonly placeholderText = new QLabel();
  private readonly errorBar = new MessageBar('error');
  private readonly releaseBars = new QWidget();
  private readonly releaseLayout = new QBoxLayout(Direction.TopToBottom);
  private readonly tree = new QTreeWidget();
  /** The server's own group, above the chroots', shown once the server is one of the rows. */
  private readonly serverGroup: QTreeWidgetItem;
  private readonly chrootGroup: QTreeWidgetItem;
  private readonly total = new QLabel();
  private readonly details = new QPlainTextEdit();
  private readonly items = new Map<string, ChrootItem>();
  private readonly bars = new Map<string, ReleaseBar>();
  private shownError: ModelError | null = null;
  private errorOpened = false;
  private detailsText = '';

  private afterRender: () => void = () => undefined;

  constructor(private readonly model: UpdatesModel) {
    this.window.setWindowTitle(_('LTSP Updates'));
    this.window.resize(1060, 620);

    this.checkAgain = this.action(_('Check Again'), 'F5', () => void model.refresh());
    this.updateSelected = this.action(_('Update Selected'), null, () => void model.updateSelected());
    this.updateAll = this.action(_('Update All'), null, () => void model.updateAll());
    this.cancel = this.action(_('Cancel'), 'Escape', () => model.cancel());
    // On the current chroot, not a button in its row: Qt's accessible tree has the cells of a
    // tree but not the widgets set on them, so a row's button is out of a screen reader's reach.
    this.openManager = this.action(_('Open in Package Manager…'), null, () => {
      const name = this.currentChroot();
      if (name !== null) void model.openPackageManager(name);
    });
    // The same: on the current chroot, named after the image it goes back to.
    this.rollBack = this.action(_('Roll Back'), null, () => {
      const name = this.currentChroot();
      if (name !== null) void model.rollBack(name);
    });
    // Ctrl+Q closes the window as its ✕ does (a run goes on; see application.ts).
    const close = this.action(_('Close'), 'Ctrl+Q', () => this.window.close());
    this.window.setMenuWidget(this.toolBar([this.checkAgain, this.updateSelected, this.updateAll, this.cancel, this.openManager, this.rollBack], close));

    this.errorBar.setActions([
      // The bar says the error in one line; its full text is one click away.
      MessageBar.button(_('Details'), () => {
        this.errorOpened = !this.errorOpened;
        this.showError();
      }),
      MessageBar.button(_('Dismiss'), () => {
        this.errorBar.widget.hide();
        // Hidden widgets stay in the accessible tree: a dismissed message must not be read out.
        this.errorBar.setText('');
      }),
    ]);
    this.errorBar.widget.hide();
    this.releaseLayout.setContentsMargins(0, 0, 0, 0);
    this.releaseBars.setLayout(this.releaseLayout);

    this.tree.setHeaderLabels([_('Chroot'), _('Status'), _('Size'), _('Image'), _('Progress')]);
    this.tree.setColumnWidth(columns.name, 200);
    this.tree.setColumnWidth(columns.status, 420);
    this.tree.setColumnWidth(columns.size, 90);
    this.tree.setColumnWidth(columns.image, 200);
    this.serverGroup = groupItem(this.tree, _('Server'));
    this.chrootGroup = groupItem(this.tree, _('Client chroots'));
    this.tree.addEventListener('itemChanged', (item, column) => {
      if (column !== columns.name) return;
      const entry = this.items.get(rowKey(item));
      if (!entry || entry.rendering) return;
      const selected = this.model.state.chroots.find((row) => row.name === entry.name)?.selected ?? false;
      if (entry.ticked !== selected) this.model.toggle(entry.name);
    });
    this.tree.addEventListener('currentItemChanged', () => {
      const state = this.model.state;
      this.renderOpenManager(state);
      this.renderRollBack(state);
    });

    this.details.setReadOnly(true);
    this.details.setPlaceholderText(_('apt’s output of a run shows here.'));
    const detailsPane = this.titled(_('Details'), this.details);
    const splitter = new QSplitter();
    splitter.setOrientation(Orientation.Vertical);
    splitter.addWidget(this.tree);
    splitter.addWidget(detailsPane);

    this.pages.addWidget(splitter);
    this.pages.addWidget(this.placeholder());

    const central = new QWidget();
    const layout = new QBoxLayout(Direction.TopToBottom);
    layout.addWidget(this.errorBar.widget);
    layout.addWidget(this.releaseBars);
    layout.addWidget(this.pages, 1);
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

  /** The page shown instead of the tree when there is none to show: a title and a text, centred. */
  private placeholder(): QWidget {
    const page = new QWidget();
    const layout = new QBoxLayout(Direction.TopToBottom);
    layout.addStretch(1);
    for (const label of [this.placeholderTitle, this.placeholderText]) {
      // Engine messages and chroot names are text, never rich text.
      label.setTextFormat(TextFormat.PlainText);
      label.setWordWrap(true);
      label.setAlignment(AlignmentFlag.AlignCenter);
      layout.addWidget(label);
    }
    layout.addStretch(1);
    this.placeholderTitle.setStyleSheet('font-size: 16pt;');
    page.setLayout(layout);
    return page;
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
    this.busy.setText(state.busyLabel);
    this.checkAgain.setEnabled(state.can.checkAgain);
    this.updateSelected.setEnabled(state.can.updateSelected);
    this.updateAll.setEnabled(state.can.updateAll);
    this.cancel.setEnabled(state.can.cancel);
    this.total.setText(state.total);
    this.placeholderTitle.setText(state.placeholder?.title ?? '');
    this.placeholderText.setText(state.placeholder?.description ?? '');
    this.pages.setCurrentIndex(state.placeholder ? 1 : 0);

    for (const row of state.chroots) {
      let item = this.items.get(row.name);
      if (!item) {
        item = new ChrootItem(this.tree, row.kind === 'server' ? this.serverGroup : this.chrootGroup, row.name);
        this.items.set(row.name, item);
      }
      item.render(row);
    }
    this.serverGroup.setHidden(!state.chroots.some((row) => row.kind === 'server'));
    // A chroot that is gone leaves the tree.
    for (const [name, item] of this.items) {
      if (state.chroots.some((row) => row.name === name)) continue;
      item.item.setHidden(true);
      this.items.delete(name);
    }
    this.renderOpenManager(state);
    this.renderRollBack(state);
    this.renderReleaseBars(state.releaseOffers, state.can.releaseUpgrade);

    const text = state.details.join('\n');
    if (text !== this.detailsText) {
      this.detailsText = text;
      this.details.setPlainText(text);
    }
    if (state.error && state.error.id !== this.shownError?.id) {
      this.shownError = state.error;
      this.errorOpened = false;
      this.showError();
      this.errorBar.widget.show();
    }
    this.afterRender();
  }

  /** The chroot of the current item (a package under it counts as its chroot), if any. */
  private currentChroot(): string | null {
    for (let item = this.tree.currentItem() || undefined; item; item = item.parent()) {
      const name = rowKey(item);
      if (this.items.has(name)) return name;
    }
    return null;
  }

  /** The action names the current chroot's package manager, or says how to get one. */
  private renderOpenManager(state: ModelState): void {
    const name = this.currentChroot();
    const row = state.chroots.find((entry) => entry.name === name);
    const text = row?.openPackageManager ?? _('Open in Package Manager…');
    // nodegui's QAction has no getters: Qt's properties read and set the same values.
    if (this.openManager.property('text').toString() !== text) this.openManager.setText(text);
    const hint = row?.packageManagerHint ?? '';
    if (this.openManager.property('toolTip').toString() !== hint) this.openManager.setProperty('toolTip', hint);
    this.openManager.setEnabled(state.can.openPackageManager && row?.openPackageManager != null);
  }

  /** The action names the image the current chroot would go back to; enabled only where the row offers it. */
  private renderRollBack(state: ModelState): void {
    const name = this.currentChroot();
    const row = state.chroots.find((entry) => entry.name === name);
    const text = row?.rollBack ?? _('Roll Back');
    if (this.rollBack.property('text').toString() !== text) this.rollBack.setText(text);
    this.rollBack.setEnabled(state.can.rollBack && row?.rollBack != null);
  }

  private showError(): void {
    const error = this.shownError;
    if (error) this.errorBar.setText(this.errorOpened ? `${error.summary}\n${error.details}` : error.summary);
  }

  /** One bar per release on offer; a bar stays while the engine works (disabled), so what it says is not lost. */
  private renderReleaseBars(offers: ReleaseOffer[], enabled: boolean): void {
    for (const offer of offers) {
      let bar = this.bars.get(offer.release);
      if (!bar) {
        bar = new ReleaseBar((release, snapshot) => void this.model.releaseUpgrade(release, { snapshot }));
        this.bars.set(offer.release, bar);
        this.releaseLayout.addWidget(bar.bar.widget);
      }
      bar.render(offer);
      bar.setEnabled(enabled);
    }
    for (const [release, bar] of this.bars) {
      if (offers.some((offer) => offer.release === release)) continue;
      bar.bar.widget.hide();
      this.releaseLayout.removeWidget(bar.bar.widget);
      this.bars.delete(release);
    }
  }
}
