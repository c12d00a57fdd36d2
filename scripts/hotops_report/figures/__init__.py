"""Paper-style figures (matplotlib, Agg): every figure is saved as PNG and SVG."""
import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.hashsalt"] = "hotops"   # stable SVG ids: same results -> same files
