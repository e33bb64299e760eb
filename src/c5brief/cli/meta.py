"""Commands about c5brief itself: completion scripts and the effective configuration."""

from __future__ import annotations

import click

from c5brief.cli.options import CONTEXT_SETTINGS, write


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
@click.pass_context
def completion(ctx: click.Context, shell: str) -> None:
    """Print the completion script for SHELL (bash, zsh or fish).

    Completes commands, options, country and topic names in every spelling,
    document and paragraph ids, formats and file paths.

    \b
    Examples:
      eval "$(c5brief completion bash)"              # this shell only
      c5brief completion bash > ~/.local/share/bash-completion/completions/c5brief
      c5brief completion zsh > ~/.zfunc/_c5brief   # fpath=(~/.zfunc $fpath)
      c5brief completion fish > ~/.config/fish/completions/c5brief.fish

    Exit status: 0 printed, 2 usage error.
    """
    from c5brief.cli.completion import completion_script

    write(completion_script(shell, ctx.find_root().command))


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--format", "-f", "report_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--path", "path_only", is_flag=True,
              help="Print only the config file's path (creating its folder, so the file can be written at once).")
@click.pass_context
def config(ctx: click.Context, report_format: str, path_only: bool) -> None:
    """Show the effective settings, where each comes from, and c5brief's folders.

    Settings come from command-line options first, then their environment
    variables (listed here), then the TOML config file, then the defaults.
    The config file is config.toml in the user config folder, or the file
    C5BRIEF_CONFIG names; its keys are the settings listed here.

    \b
    Examples:
      c5brief config
      c5brief config --path
      printf 'format = "md"\\nlimit = 8\\n' > "$(c5brief config --path)"

    Exit status: 0 shown, 2 an unreadable or invalid config file.
    """
    from c5brief.cli.settings import settings_of
    from c5brief.config import settings_report
    from c5brief.render import config as render

    root = ctx.find_root().command
    assert isinstance(root, click.Group)
    report = settings_report(settings_of(root))
    if path_only:
        _make_folder(report.config_path)
        write(report.config_path + "\n")
        return
    write(render.settings_to_json(report) if report_format == "json" else render.settings_to_text(report))


def _make_folder(path: str) -> None:
    """The config file's folder, made if it is missing: on a fresh install `> "$(c5brief config --path)"`
    would otherwise fail. A folder that cannot be made is left to the shell to report."""
    import os

    try:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    except OSError:
        pass
