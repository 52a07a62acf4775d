# The seed demo in Python: what examples/seed/main.cpp mirrors step by step.
# Its output (Debian python3-torch 1.13.1) is test/Examples/Inputs/seed.torch.txt.
import torch
x = torch.ones(2, 2, requires_grad=True)
print(x)
print(x.grad)
out = x.mean(); out.backward(); print(x.grad)
x = torch.ones(2, 2, requires_grad=True)
y = x + 3; z = y * y * 3; out = z.mean(); print(out.detach())
out.backward(); print(x.grad)
x = torch.ones(2, 2, requires_grad=True); y = x + 3
v = torch.tensor([[0.1, 1.0], [0.0001, 0.5]]); y.backward(v); print(x.grad)
try:
    y.backward()
except RuntimeError as e:
    print("RuntimeError:", e)
