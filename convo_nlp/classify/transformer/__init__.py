"""``hf-transformer.v1``: a fine-tuned encoder (any Hugging Face encoder; by default the
multilingual-e5-small built by ``make models``) with LoRA adapters and a multi-label head over
role + previous turn + turn. Imports torch and transformers only when used."""
