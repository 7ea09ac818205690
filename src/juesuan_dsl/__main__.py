"""The `jsc` program (the script and `python -m juesuan_dsl`): the command line in a process of its own."""

import gc


def main() -> None:
    gc.disable()  # before the imports, which would run a dozen passes (cli.run says why it is off)
    from .cli import run

    run()


if __name__ == "__main__":
    main()
