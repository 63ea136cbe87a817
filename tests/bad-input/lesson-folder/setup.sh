mkdir one.md
