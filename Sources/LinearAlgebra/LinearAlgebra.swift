// LinearAlgebra module
