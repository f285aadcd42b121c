"""An Obsidian-style vault written for the tests (Korean and English notes): front matter
(tags, aliases, title, date, a custom field, one broken), inline #tags, every wiki-link
form, an embed, a hidden .obsidian folder, a .trash folder and a .notelensignore."""

from __future__ import annotations

import os
from pathlib import Path

#: Modification time of the notes without a front matter date: 2024-05-06 12:00 UTC.
MAY_2024_NS = 1_714_996_800 * 10**9

NOTES: dict[str, str] = {
    "papers/LoRA 정리.md": """---
title: LoRA 정리
tags: [논문, LLM/finetuning]
aliases:
  - LoRA note
  - 로라
date: 2024-03-05
project: notelens
---
# LoRA: 저랭크 어댑터

LoRA는 사전학습 가중치를 고정하고 층마다 두 개의 저랭크 행렬만 학습해 학습 파라미터 수를
크게 줄인다. #실험 결과는 [[Transformer|트랜스포머]] 구조의 attention 층에서 확인했다.
자세한 배경은 [[attention#Scaled dot-product]] 참고. ![[lora-diagram.png]]

```python
# not a tag: #코드 and not a link: [[Nowhere]]
```
""",
    "papers/attention.md": """---
tags: paper
aliases: [Attention note]
date: 2023-11-20
---
# Attention

## Scaled dot-product

Scaled dot-product attention divides the logits by the square root of the key
dimension so the softmax stays in a useful range. See [[LoRA 정리]] for adapters
and [[로라|the LoRA note by alias]].
""",
    "study/week1.md": """# 1주차 스터디

GQA는 query head를 그룹으로 나누고 그룹마다 KV head를 공유한다 #study #llm.
Related: [[papers/attention]] and [[Missing Note]] which does not exist yet.
http://example.com/#not-a-tag
""",
    "study/broken.md": """---
title: "unclosed
tags: [a, b
---
# Broken front matter

DPO는 선호 데이터로 보상 모델 없이 정책을 직접 최적화한다.
""",
    "transformer.md": """# Transformer

The transformer stacks self-attention and feed-forward layers; #architecture notes.
""",
    "drafts/secret.md": "# Draft\n\nThis draft is ignored by .notelensignore: 비밀 초안.\n",
    "scratch.tmp.md": "# Scratch\n\nignored by a glob in .notelensignore\n",
    ".obsidian/workspace.md": "# Obsidian state\n\nnot a note\n",
    ".trash/old.md": "# Deleted note\n\nnot a note either\n",
}

IGNORE = "drafts/\n*.tmp.md\n"


def write_vault(root: Path) -> Path:
    """Write the vault under ``root`` (created); returns its resolved path."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, text in NOTES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(MAY_2024_NS, MAY_2024_NS))
    (root / ".notelensignore").write_text(IGNORE, encoding="utf-8")
    return root.resolve()
