"""Commands about c5brief itself: completion scripts and the effective configuration."""

from __future__ import annotations

import click

from c5brief.cli_common import CONTEXT_SETTINGS, write


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
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
    from c5brief.completion import completion_script

    write(completion_script(shell))


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--format", "-f", "report_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--path", "path_only", is_flag=True, help="Print only the config file's path.")
def config(report_format: str, path_only: bool) -> None:
    """Show the effective settings, where each comes from, and c5brief's folders.

    Settings come from command-line options first, then environment variables
    (C5BRIEF_FORMAT, C5BRIEF_COLOR, C5BRIEF_LIMIT, C5BRIEF_LENGTH,
    C5BRIEF_LIBRARY, C5BRIEF_CORPUS, C5BRIEF_GAZETTEER), then the TOML config
    file, then the defaults. The config file is config.toml in the user
    config folder (C5BRIEF_CONFIG names another), with keys format, color,
    limit, length, library, corpus, gazetteer and seeds.

    \b
    Examples:
      c5brief config
      c5brief config --path
      printf 'format = "md"\\nlimit = 8\\n' > "$(c5brief config --path)"

    Exit status: 0 shown, 2 an unreadable or invalid config file.
    """
    from c5brief import render_library
    from c5brief.settings import settings_report

    report = settings_report()
    if path_only:
        write(report.config_path + "\n")
        return
    write(render_library.settings_to_json(report) if report_format == "json"
          else render_library.settings_to_text(report))
