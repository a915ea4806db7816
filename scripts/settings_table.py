"""Print the README's configuration table from the settings' own descriptions (one source)."""

from __future__ import annotations

from bot.config import Settings


def main() -> None:
    print("| variable | default | meaning |")
    print("|---|---|---|")
    for name, field in Settings.model_fields.items():
        default = field.get_default(call_default_factory=True)
        if default is None:
            shown = "(unset)"
        elif name == "knowledge_dir":
            shown = "<repo>/knowledge"
        elif isinstance(default, list):
            shown = ", ".join(default) or "(none)"
        else:
            shown = str(default)
        print(f"| `UPWARD_{name.upper()}` | `{shown}` | {field.description} |")


if __name__ == "__main__":
    main()
