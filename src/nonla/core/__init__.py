"""The contract every surface and function shares. Nothing here imports a surface."""
