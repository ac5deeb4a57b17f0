"""tflint-vpc: catch AWS VPC network-topology mistakes in Terraform before apply."""

__version__ = "0.1.0"
