// A link that changes page without reloading the console (and still opens in a new tab).
import type { ComponentChildren } from "preact";
import { navigate } from "../route";

export function Link(props: { href: string; children: ComponentChildren; class?: string }) {
  const onClick = (event: MouseEvent) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(props.href);
  };
  return (
    <a href={props.href} onClick={onClick} class={props.class}>
      {props.children}
    </a>
  );
}
