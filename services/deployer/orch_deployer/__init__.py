"""The deployer: runs each deployment saga, provisioning its graph through the driver gateway."""
