// A message bar in the manner of KDE's KMessageWidget: a tinted, rounded strip above the content
// with a text and its actions, for what must be seen without stopping anyone (a newer release,
// an error). Never a modal dialog: the window stays usable while it is shown.
import { Direction, QBoxLayout, QFrame, QLabel, QPushButton, TextFormat, later, type QWidget } from './qt.js';

export type MessageKind = 'information' | 'error' | 'positive';

// KMessageWidget's colours: Breeze's highlight, negative and positive text colours, tinted.
const colours: Record<MessageKind, string> = {
  information: '61, 174, 233',
  error: '218, 68, 83',
  positive: '39, 174, 96',
};

export class MessageBar {
  readonly widget: QFrame;
  private readonly text: QLabel;
  private readonly layout: QBoxLayout;
  private readonly buttons: QWidget[] = [];

  constructor(kind: MessageKind) {
    this.widget = new QFrame();
    this.widget.setObjectName('messageBar');
    this.layout = new QBoxLayout(Direction.LeftToRight);
    this.layout.setContentsMargins(10, 6, 6, 6);
    this.text = new QLabel();
    // QLabel guesses rich text from a tag; messages carry chroot names and apt's words, which are text.
    this.text.setTextFormat(TextFormat.PlainText);
    this.text.setWordWrap(true);
    this.layout.addWidget(this.text, 1);
    this.widget.setLayout(this.layout);
    this.setKind(kind);
  }

  setKind(kind: MessageKind): void {
    const rgb = colours[kind];
    this.widget.setStyleSheet(`#messageBar { background-color: rgba(${rgb}, 0.2); border: 1px solid rgb(${rgb}); border-radius: 4px; }`);
  }

  setText(text: string): void {
    this.text.setText(text);
  }

  /** Replace the bar's buttons and other widgets (a check box, say) with `widgets`, in order. */
  setActions(widgets: QWidget[]): void {
    for (const old of this.buttons.splice(0)) {
      old.hide();
      this.layout.removeWidget(old);
    }
    for (const widget of widgets) {
      this.layout.addWidget(widget);
      widget.show();
      this.buttons.push(widget);
    }
  }

  /** A push button that runs `onClick`. */
  static button(label: string, onClick: () => void): QPushButton {
    const button = new QPushButton();
    button.setText(label);
    button.addEventListener('clicked', () => later(onClick));
    return button;
  }
}
