"""Generator and critic networks: MLPs for tables, DCGAN-style conv nets for images.

The table generator ends in per-span activations (tanh, identity or a Gumbel-softmax per one-hot
block) so its output lives in the same space as the encoded table; the image generator ends in tanh
(pixels scaled to [-1, 1]). Critics end in one unbounded score: under the Wasserstein objective it is
not a probability, so there is no sigmoid, and there is no batch norm either, because the gradient
penalty is taken per sample and batch norm couples the samples.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
from torch import nn
from torch.nn import functional as F

from .tabular import Span


class SpanActivation(nn.Module):
    """Apply each span's activation to a generator's raw output, all spans at once.

    One-hot blocks of different widths are gathered into one padded ``(batch, n_blocks, max_width)``
    tensor so a single softmax serves every block: a per-column Python loop in the forward pass is
    what makes other tabular GANs slow on a GPU.
    """

    def __init__(self, spans: Sequence[Span], tau: float = 0.2):
        super().__init__()
        self.tau = tau
        self.output_dim = spans[-1].stop if spans else 0
        tanh_columns = [s.start for s in spans if s.activation == "tanh"]
        linear_columns = [s.start for s in spans if s.activation == "linear"]
        blocks = [range(s.start, s.stop) for s in spans if s.activation == "softmax"]
        max_width = max((len(b) for b in blocks), default=0)
        block_index = torch.zeros((len(blocks), max_width), dtype=torch.long)
        block_mask = torch.zeros((len(blocks), max_width), dtype=torch.bool)
        for row, block in enumerate(blocks):
            block_index[row, : len(block)] = torch.tensor(list(block))
            block_mask[row, : len(block)] = True
        self.register_buffer("tanh_columns", torch.tensor(tanh_columns, dtype=torch.long), persistent=False)
        self.register_buffer("linear_columns", torch.tensor(linear_columns, dtype=torch.long), persistent=False)
        self.register_buffer("block_index", block_index, persistent=False)
        self.register_buffer("block_mask", block_mask, persistent=False)

    def forward(self, raw: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        out = self._continuous(raw)
        if self.block_index.numel():
            logits = self._block_logits(raw)
            uniform = torch.rand(logits.shape, device=raw.device, generator=generator)
            noisy = logits - torch.log(-torch.log(uniform.clamp(1e-10, 1.0 - 1e-7)))
            out[:, self.block_index[self.block_mask]] = self._draw(noisy)[:, self.block_mask]
        return out

    def smooth(self, raw: torch.Tensor) -> torch.Tensor:
        """Each block's softmax at the training temperature instead of a draw: no noise, differentiable.

        Finding the code of a real row or image (``vary``, ``fit_resample``'s variants) descends on
        this: a draw's argmax has no gradient, and its Gumbel noise would tie the search to a random stream.
        """
        out = self._continuous(raw)
        if self.block_index.numel():
            probabilities = F.softmax(self._block_logits(raw) / self.tau, dim=-1)
            out[:, self.block_index[self.block_mask]] = probabilities[:, self.block_mask]
        return out

    def _continuous(self, raw: torch.Tensor) -> torch.Tensor:
        out = torch.zeros_like(raw)
        out[:, self.tanh_columns] = torch.tanh(raw[:, self.tanh_columns])
        out[:, self.linear_columns] = raw[:, self.linear_columns]
        return out

    def _block_logits(self, raw: torch.Tensor) -> torch.Tensor:
        return raw[:, self.block_index].masked_fill(~self.block_mask, float("-inf"))

    def _draw(self, noisy_logits: torch.Tensor) -> torch.Tensor:
        """Each block's draw: soft while training, one-hot in eval mode (sampling).

        Gumbel-softmax (Jang et al. 2017) is a differentiable draw from each block's categorical
        distribution; the argmax of the noisy logits is an exact draw (the Gumbel-max trick) and the
        category the soft draw's argmax names. Sampling needs only that argmax, and skipping the
        softmax over many narrow blocks saves a tenth of a CPU sampling batch.
        """
        if self.training:
            return F.softmax(noisy_logits / self.tau, dim=-1)
        chosen = noisy_logits.argmax(dim=-1, keepdim=True)
        return torch.zeros_like(noisy_logits).scatter_(-1, chosen, 1.0)


class ResidualBlock(nn.Module):
    """Linear -> batch norm -> ReLU, with the input concatenated to the output (as in CTGAN)."""

    def __init__(self, in_dim: int, out_dim: int):
        super().__init__()
        self.linear = nn.Linear(in_dim, out_dim)
        self.norm = nn.BatchNorm1d(out_dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([F.relu(self.norm(self.linear(x))), x], dim=1)

    def folded(self) -> tuple[torch.Tensor, torch.Tensor]:
        """The linear layer's weight and bias with eval-mode batch norm folded in: one affine map."""
        scale = self.norm.weight / torch.sqrt(self.norm.running_var + self.norm.eps)
        weight = self.linear.weight * scale[:, None]
        bias = (self.linear.bias - self.norm.running_mean) * scale + self.norm.bias
        return weight, bias


class TableGenerator(nn.Module):
    """MLP generator: noise (and a one-hot class) to an encoded row."""

    def __init__(self, latent_dim: int, n_classes: int, hidden_dims: Sequence[int], spans: Sequence[Span]):
        super().__init__()
        self.latent_dim = latent_dim
        self.n_classes = n_classes
        layers = []
        width = latent_dim + n_classes
        for hidden in hidden_dims:
            layers.append(ResidualBlock(width, hidden))
            width += hidden
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(width, spans[-1].stop)
        self.activation = SpanActivation(spans)

    def forward(
        self, noise: torch.Tensor, condition: torch.Tensor | None = None, generator: torch.Generator | None = None
    ) -> torch.Tensor:
        if condition is not None:
            noise = torch.cat([noise, condition], dim=1)
        # The in-place path writes through out= arguments, which autograd refuses: sampling only.
        sampling = not self.training and not torch.is_grad_enabled()
        hidden = self._body_in_place(noise) if sampling else self.body(noise)
        return self.activation(self.head(hidden), generator=generator)

    def smooth(self, noise: torch.Tensor, condition: torch.Tensor | None = None) -> torch.Tensor:
        """The encoded row with each category's probabilities instead of a draw (``SpanActivation.smooth``)."""
        if condition is not None:
            noise = torch.cat([noise, condition], dim=1)
        return self.activation.smooth(self.head(self.body(noise)))

    def _body_in_place(self, inputs: torch.Tensor) -> torch.Tensor:
        """The body in eval mode, as used for sampling: the same rows as ``self.body`` up to float rounding.

        Each block's concatenation copies everything before it; here every block writes its output
        into its own columns of one preallocated ``[h_last, ..., h_first, inputs]`` buffer (the
        layout the concatenations build), with batch norm folded into the linear layer. On a narrow
        table, where the generator is nearly all of a sample's cost, sampling took about 7% less time.
        """
        buffer = inputs.new_empty((inputs.shape[0], self.head.in_features))
        stop = buffer.shape[1] - inputs.shape[1]
        buffer[:, stop:] = inputs
        for block in self.body:
            start = stop - block.linear.out_features
            weight, bias = block.folded()
            torch.addmm(bias, buffer[:, stop:], weight.T, out=buffer[:, start:stop])
            buffer[:, start:stop].relu_()
            stop = start
        return buffer


class TableCritic(nn.Module):
    """MLP critic: an encoded row (and a one-hot class) to an unbounded score.

    With ``pac > 1`` the critic scores packs of ``pac`` rows at once (PacGAN, Lin et al. 2018), which
    lets it see a lack of diversity; the batch size must then be a multiple of ``pac``.
    """

    def __init__(self, data_dim: int, n_classes: int, hidden_dims: Sequence[int], pac: int = 1):
        super().__init__()
        self.pac = pac
        layers: list[nn.Module] = []
        width = (data_dim + n_classes) * pac
        for hidden in hidden_dims:
            layers += [nn.Linear(width, hidden), nn.LeakyReLU(0.2)]
            width = hidden
        layers.append(nn.Linear(width, 1))
        self.body = nn.Sequential(*layers)

    def forward(self, rows: torch.Tensor, condition: torch.Tensor | None = None) -> torch.Tensor:
        if condition is not None:
            rows = torch.cat([rows, condition], dim=1)
        return self.body(rows.reshape(-1, rows.shape[1] * self.pac)).squeeze(1)


# ------------------------------------------------------------------------------------------ images
# The conv nets grow from / shrink to a core of at most this many pixels per side.
_CORE_SIDE = 4
# Channel widths double per resolution level up to this multiple of the base width.
_MAX_WIDTH_MULTIPLE = 8


def upsampling_levels(height: int, width: int) -> int:
    """How many times the generator doubles its core to cover an image of this size."""
    return max(1, math.ceil(math.log2(max(height, width) / _CORE_SIDE)))


def _level_width(base_width: int, level: int) -> int:
    return base_width * min(2**level, _MAX_WIDTH_MULTIPLE)


class ImageGenerator(nn.Module):
    """Conv generator: noise (and a one-hot class) to a (channels, height, width) image in [-1, 1].

    A linear layer makes a small core (about 4x4 pixels), each level doubles it (nearest-neighbour
    upsampling then a 3x3 conv, which avoids the checkerboard artefacts of transposed convolutions),
    and the result is centre-cropped to the image size, so any size from 8x8 up works: 28x28 grows
    from a 4x4 core to 32x32 and is cropped.
    """

    def __init__(self, latent_dim: int, n_classes: int, image_shape: tuple[int, int, int], base_width: int):
        super().__init__()
        self.latent_dim = latent_dim
        self.n_classes = n_classes
        self.image_shape = tuple(image_shape)
        channels, height, width = image_shape
        levels = upsampling_levels(height, width)
        self.core_size = (math.ceil(height / 2**levels), math.ceil(width / 2**levels))
        core_width = _level_width(base_width, levels)
        self.core = nn.Sequential(
            nn.Linear(latent_dim + n_classes, core_width * self.core_size[0] * self.core_size[1]),
            nn.Unflatten(1, (core_width, *self.core_size)),
            nn.BatchNorm2d(core_width),
            nn.ReLU(),
        )
        blocks = []
        for level in range(levels, 0, -1):
            blocks += [
                nn.Upsample(scale_factor=2, mode="nearest"),
                nn.Conv2d(_level_width(base_width, level), _level_width(base_width, level - 1), 3, padding=1),
                nn.BatchNorm2d(_level_width(base_width, level - 1)),
                nn.ReLU(),
            ]
        self.body = nn.Sequential(*blocks)
        self.head = nn.Conv2d(base_width, channels, 3, padding=1)

    def forward(
        self, noise: torch.Tensor, condition: torch.Tensor | None = None, generator: torch.Generator | None = None
    ) -> torch.Tensor:
        if condition is not None:
            noise = torch.cat([noise, condition], dim=1)
        images = torch.tanh(self.head(self.body(self.core(noise))))
        _, height, width = self.image_shape
        top = (images.shape[2] - height) // 2
        left = (images.shape[3] - width) // 2
        return images[:, :, top : top + height, left : left + width]

    def smooth(self, noise: torch.Tensor, condition: torch.Tensor | None = None) -> torch.Tensor:
        """The images themselves: a conv generator draws nothing after its noise (``TableGenerator.smooth``)."""
        return self(noise, condition)


class ImageCritic(nn.Module):
    """Conv critic: a (channels, height, width) image (and a one-hot class) to an unbounded score.

    Strided 4x4 convs halve the image until about 4x4 pixels remain. No normalisation layers (the
    penalty is per image). The class enters by projection (Miyato & Koyama 2018): the score is
    ``w . h + embed(class) . h`` for the image's features h, which conditions far more sharply than
    concatenating the label to the input.
    """

    def __init__(self, image_shape: tuple[int, int, int], n_classes: int, base_width: int):
        super().__init__()
        channels, height, width = image_shape
        layers: list[nn.Module] = [nn.Conv2d(channels, base_width, 3, padding=1), nn.LeakyReLU(0.2)]
        level = 0
        while min(height, width) > _CORE_SIDE:
            layers += [
                nn.Conv2d(_level_width(base_width, level), _level_width(base_width, level + 1), 4, stride=2, padding=1),
                nn.LeakyReLU(0.2),
            ]
            height, width, level = height // 2, width // 2, level + 1
        layers.append(nn.Flatten())
        self.body = nn.Sequential(*layers)
        n_features = _level_width(base_width, level) * height * width
        self.score = nn.Linear(n_features, 1)
        self.class_embedding = nn.Linear(n_classes, n_features, bias=False) if n_classes else None

    def forward(self, images: torch.Tensor, condition: torch.Tensor | None = None) -> torch.Tensor:
        features = self.body(images)
        score = self.score(features).squeeze(1)
        if self.class_embedding is not None and condition is not None:
            score = score + (self.class_embedding(condition) * features).sum(dim=1)
        return score
