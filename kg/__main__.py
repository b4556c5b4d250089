"""`python -m kg` and the `kg` console script."""
import sys


def run() -> None:
    # Importing the pipeline takes a moment; a Ctrl-C then must not print an import traceback.
    try:
        from kg.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("interrupted: nothing was built\n")
        sys.exit(130)
    main()


if __name__ == "__main__":
    run()
