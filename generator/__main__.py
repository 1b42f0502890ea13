from generator.cli import main

# Guarded: worker processes (validation at scale) import this module again under another name.
if __name__ == "__main__":
    main(prog_name="python -m generator")
