// One chroot in the tree: a top-level item with a check box, its release and summary, its
// download size, the image its clients boot; during a run its phase, with a progress bar in the last column; children
// "Security updates" and "Other updates" with the packages (installed → new version, size).
import type { ChrootRow, PackageRow } from '@ltsp-update/engine/view-model';
import { _ } from './i18n.js';
import { richTextOf } from './rich-text.js';
import { CheckState, ItemDataRole, ItemFlag, QBrush, QColor, QProgressBar, QTreeWidgetItem, QVariant, QWidget, QBoxLayout, Direction, type NativeElement, type QTreeWidget } from './qt.js';

export const columns = { name: 0, status: 1, size: 2, image: 3, progress: 4 } as const;

/** The model's key of a top-level item (none for the package items below it). */
export function rowKey(item: QTreeWidgetItem): string {
  return item.data(columns.name, ItemDataRole.UserRole).toString();
}

// Breeze's negative text colour: security updates stand out as they do in Discover. setData()
// takes a Qt value as its native object; an empty QVariant puts the default back.
const securityColour = nativeOf(new QBrush(new QColor(218, 68, 83)));
const emptyValue = nativeOf(new QVariant());

function nativeOf(component: { native: NativeElement | null }): NativeElement {
  if (component.native === null) throw new Error('a Qt value without its native object');
  return component.native;
}

/** A section ("Security updates") and its package items. nodegui's items cannot be taken out of the tree, so items are reused and hidden. */
class Section {
  readonly header: QTreeWidgetItem;
  // The JS objects must be kept: nodegui deletes an item whose object is garbage-collected.
  private readonly items: QTreeWidgetItem[] = [];

  constructor(parent: QTreeWidgetItem, title: string, security: boolean) {
    this.header = new QTreeWidgetItem([title]);
    this.header.setFlags(ItemFlag.ItemIsEnabled);
    if (security) this.header.setData(columns.name, ItemDataRole.ForegroundRole, securityColour);
    parent.addChild(this.header);
  }

  show(packages: PackageRow[]): void {
    this.header.setHidden(packages.length === 0);
    packages.forEach((entry, index) => {
      let item = this.items[index];
      if (!item) {
        item = new QTreeWidgetItem();
        item.setFlags(ItemFlag.ItemIsEnabled | ItemFlag.ItemIsSelectable);
        this.header.addChild(item);
        this.items.push(item);
      }
      item.setText(columns.name, entry.name);
      item.setText(columns.status, entry.version);
      item.setText(columns.size, entry.size);
      item.setHidden(false);
    });
    for (const extra of this.items.slice(packages.length)) extra.setHidden(true);
    this.header.setExpanded(true);
  }
}

/** A heading in the tree ("Server", "Client chroots"), open, with the rows of its kind under it. */
export function groupItem(tree: QTreeWidget, title: string): QTreeWidgetItem {
  const item = new QTreeWidgetItem([title]);
  item.setFlags(ItemFlag.ItemIsEnabled);
  tree.addTopLevelItem(item);
  item.setExpanded(true);
  return item;
}

export class ChrootItem {
  readonly item: QTreeWidgetItem;
  private readonly progress = new QProgressBar();
  private readonly security: Section;
  private readonly other: Section;
  private packagesKey = '';
  private opened = false;
  /** Set while render() changes the item, whose itemChanged is then not a person's click. */
  rendering = false;

  /** A row in `group` (one of the tree's top-level items: the server's, the chroots'). */
  constructor(tree: QTreeWidget, group: QTreeWidgetItem, readonly name: string) {
    this.item = new QTreeWidgetItem([name]);
    // The row's key beside its text: the server's row reads "This server".
    this.item.setData(columns.name, ItemDataRole.UserRole, nativeOf(new QVariant(name)));
    group.addChild(this.item);
    this.progress.setRange(0, 100);
    this.progress.setMaximumWidth(160);
    // The tree shows an item's widget whatever it was told before: the bar sits in a holder
    // that stays, empty, while the bar itself is hidden between runs.
    const holder = new QWidget();
    const layout = new QBoxLayout(Direction.LeftToRight);
    layout.setContentsMargins(0, 0, 0, 0);
    layout.addWidget(this.progress);
    holder.setLayout(layout);
    tree.setItemWidget(this.item, columns.progress, holder);
    this.progress.hide();
    this.security = new Section(this.item, _('Security updates'), true);
    this.other = new Section(this.item, _('Other updates'), false);
  }

  /** Whether the check box is ticked now (a person may just have ticked it). */
  get ticked(): boolean {
    return this.item.data(columns.name, ItemDataRole.CheckStateRole).toInt() === CheckState.Checked;
  }

  render(row: ChrootRow): void {
    this.rendering = true;
    try {
      if (this.item.text(columns.name) !== row.title) this.item.setText(columns.name, row.title);
      this.item.setText(columns.status, row.subtitle);
      this.item.setText(columns.size, row.downloadSize);
      this.item.setText(columns.image, row.image ?? '');
      this.item.setData(columns.status, ItemDataRole.ForegroundRole, row.urgent ? securityColour : emptyValue);
      this.item.setData(columns.status, ItemDataRole.ToolTipRole, richTextOf(row.tooltip));
      // A chroot that cannot be updated has no check box at all (its summary says why).
      const flags = ItemFlag.ItemIsEnabled | ItemFlag.ItemIsSelectable;
      this.item.setFlags(row.checkable ? flags | ItemFlag.ItemIsUserCheckable : flags);
      if (row.checkable) {
        const state = row.selected ? CheckState.Checked : CheckState.Unchecked;
        if (this.item.data(columns.name, ItemDataRole.CheckStateRole).toInt() !== state) this.item.setCheckState(columns.name, state);
      } else {
        this.item.setData(columns.name, ItemDataRole.CheckStateRole, emptyValue);
      }
      this.progress.setVisible(row.phase !== null);
      // Qt draws a busy bar for the range 0–0.
      if (row.phase !== null && row.progress === null) this.progress.setRange(0, 0);
      if (row.phase !== null && row.progress !== null) {
        this.progress.setRange(0, 100);
        this.progress.setValue(row.progress);
      }
      const key = JSON.stringify([row.securityUpdates, row.otherUpdates]);
      if (key !== this.packagesKey) {
        this.packagesKey = key;
        this.security.show(row.securityUpdates);
        this.other.show(row.otherUpdates);
      }
      // Open at first sight when there is something to read, as Discover lists what it will update.
      if (!this.opened && row.pending > 0) {
        this.opened = true;
        this.item.setExpanded(true);
      }
    } finally {
      this.rendering = false;
    }
  }
}
